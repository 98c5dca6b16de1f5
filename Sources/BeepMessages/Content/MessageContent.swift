import Foundation

/// Content rules, checked before anything is stored.
public enum MessageContent {
    /// `raw` with surrounding whitespace removed: 1...`limits.maxContentCharacters` characters
    /// and at most `limits.maxContentBytes` UTF-8 bytes.
    /// - Throws: ``MessageError`` `.invalid(field: "content")` when empty or too long.
    public static func validate(_ raw: String, limits: MessageLimits) throws(MessageError) -> String {
        let content = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !content.isEmpty else { throw .invalid("content", "A message cannot be empty.") }
        guard content.utf8.count <= limits.maxContentBytes, content.count <= limits.maxContentCharacters else {
            throw .invalid("content", "A message is at most \(limits.maxContentCharacters) characters.")
        }
        return content
    }

    /// A client nonce: `nil` or empty means none; otherwise 1...`limits.maxNonceBytes` bytes of
    /// printable ASCII.
    /// - Throws: ``MessageError`` `.invalid(field: "nonce")`.
    public static func validateNonce(_ raw: String?, limits: MessageLimits) throws(MessageError) -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        guard raw.utf8.count <= limits.maxNonceBytes, raw.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw .invalid("nonce", "nonce is 1 to \(limits.maxNonceBytes) printable ASCII characters.")
        }
        return raw
    }

    /// The key a `#tag` is compared with: a channel name lowercased, whitespace runs as `-`.
    public static func tagKey(channelName: String) -> String {
        channelName.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: "-")
    }
}
