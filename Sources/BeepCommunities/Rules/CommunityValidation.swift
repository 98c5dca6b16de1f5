/// Field rules for names and texts, checked before anything is stored. Each failure names the
/// field (`CommunityError.Code.invalid(field:)`), so the API answers 400 with that field.
public enum CommunityValidation {
    /// Longest server, channel and role name, in characters.
    public static let maxNameLength = 100
    /// Longest description or topic, in characters.
    public static let maxTextLength = 1000
    /// Longest ban reason, in characters.
    public static let maxReasonLength = 512

    /// A name with surrounding whitespace removed: 1...100 characters, no control characters.
    public static func name(_ raw: String, field: String) throws(CommunityError) -> String {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalid(field, "\(field) must not be empty.") }
        guard trimmed.count <= maxNameLength else {
            throw .invalid(field, "\(field) must be at most \(maxNameLength) characters.")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid(field, "\(field) must not contain control characters.")
        }
        return trimmed
    }

    /// A free text (description, topic, reason) of at most `limit` characters; newlines allowed.
    public static func text(_ raw: String, field: String, limit: Int = maxTextLength) throws(CommunityError) -> String {
        let trimmed = raw.trimmingWhitespace()
        guard trimmed.count <= limit else { throw .invalid(field, "\(field) must be at most \(limit) characters.") }
        return trimmed
    }

    /// A colour as 0xRRGGBB.
    public static func colour(_ value: Int, field: String = "colour") throws(CommunityError) -> Int {
        guard (0...0xFF_FFFF).contains(value) else { throw .invalid(field, "\(field) must be between 0 and 16777215 (0xRRGGBB).") }
        return value
    }

    /// A position index (0 or more, at most 100000).
    public static func position(_ value: Int, field: String = "position") throws(CommunityError) -> Int {
        guard (0...100_000).contains(value) else { throw .invalid(field, "\(field) must be between 0 and 100000.") }
        return value
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
