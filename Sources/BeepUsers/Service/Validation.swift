import BeepPlatformCore
import Foundation

/// Field rules for sign-up and profile changes; each failure is a 400 naming the field.
enum Validation {
    static func name(_ value: String, field: String) throws(APIError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw APIError.invalid(field: field, message: "\(field) is required.") }
        guard trimmed.count <= 64 else { throw APIError.invalid(field: field, message: "\(field) is at most 64 characters.") }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw APIError.invalid(field: field, message: "\(field) contains control characters.")
        }
        return trimmed
    }

    /// 2 to 32 of `A-Z a-z 0-9 _ .`, not starting or ending with a dot; unique case-insensitively.
    static func username(_ value: String) throws(APIError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let allowed = trimmed.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
        }
        guard (2...32).contains(trimmed.utf8.count), allowed, !trimmed.hasPrefix("."), !trimmed.hasSuffix(".") else {
            throw APIError.invalid(field: "username",
                                   message: "username is 2 to 32 letters, digits, '_' or '.', not starting or ending with '.'.")
        }
        return trimmed
    }

    /// A plausible address: one `@`, a non-empty local part (<= 64), a dotted domain, <= 254 in all.
    static func email(_ value: String) throws(APIError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard trimmed.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !trimmed.unicodeScalars.contains(where: {
                  CharacterSet.whitespacesAndNewlines.contains($0) || CharacterSet.controlCharacters.contains($0)
              })
        else { throw APIError.invalid(field: "email", message: "email is not a valid address.") }
        return trimmed
    }

    /// 8 to 128 characters (NIST SP 800-63B §5.1.1.2: at least 8, allow long passphrases).
    static func password(_ value: String, field: String = "password") throws(APIError) -> String {
        guard value.count >= 8 else { throw APIError.invalid(field: field, message: "\(field) is at least 8 characters.") }
        guard value.count <= 128, value.utf8.count <= 512 else {
            throw APIError.invalid(field: field, message: "\(field) is at most 128 characters.")
        }
        return value
    }

    static func language(_ value: String?) throws(APIError) -> Language {
        guard let value else { return .en }
        guard let language = Language(rawValue: value.lowercased()) else {
            throw APIError.invalid(field: "language", message: "language is one of: en, fr.")
        }
        return language
    }
}
