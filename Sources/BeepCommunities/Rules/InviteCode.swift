/// Invite codes: 10 characters from [A-Za-z0-9] drawn from the system's cryptographic
/// generator (about 59.5 bits), so codes cannot be guessed.
public enum InviteCode {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".unicodeScalars)
    /// Length of a code.
    public static let length = 10

    /// A new random code.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var code = String.UnicodeScalarView()
        for _ in 0..<length {
            code.append(alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))])
        }
        return String(code)
    }

    /// Whether `text` looks like a code (checked before any lookup).
    public static func isWellFormed(_ text: String) -> Bool {
        text.unicodeScalars.count == length && text.unicodeScalars.allSatisfy { alphabet.contains($0) }
    }
}
