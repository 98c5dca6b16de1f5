import BeepPlatformCore
import Crypto
import Foundation

/// Random bearer secrets (refresh tokens, recovery codes) and their stored form.
///
/// These are high-entropy values, so a single SHA-256 is the right stored form (a slow hash
/// only matters for guessable inputs such as passwords).
enum SecretToken {
    /// `count` random bytes, base64url.
    static func random(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Base64URL.encode(bytes)
    }

    /// Hex SHA-256 of `value`: what the database stores instead of the secret.
    static func storedHash(_ value: String) -> String {
        SHA256.hash(data: Array(value.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

/// One-time recovery codes for accounts with 2FA: `xxxxx-xxxxx` from a 32-letter alphabet
/// without look-alikes (50 bits each), shown once, stored hashed, each usable once.
enum RecoveryCodes {
    static let count = 10
    private static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789".utf8)

    /// Fresh codes.
    static func generate() -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let letters = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(decoding: letters.prefix(5), as: UTF8.self) + "-" + String(decoding: letters.suffix(5), as: UTF8.self)
        }
    }

    /// The canonical form of user input (lowercase, no spaces or dashes) or `nil` if it cannot be a code.
    static func normalise(_ input: String) -> String? {
        let kept = input.lowercased().utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: " ") }
        guard kept.count == 10, kept.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Stored form of a (normalised) code.
    static func storedHash(_ normalised: String) -> String {
        SecretToken.storedHash("recovery:" + normalised)
    }
}
