/// The ICE username fragment and password of one side (RFC 8445 §5.3; SDP `a=ice-ufrag` and
/// `a=ice-pwd`, RFC 8839 §5.4).
///
/// Checks sent to a peer carry USERNAME "peerUfrag:ownUfrag" and are signed with the peer's
/// password (RFC 8445 §7.2.2).
public struct ICECredentials: Hashable, Sendable, CustomStringConvertible {
    /// The username fragment (RFC 8839 §5.4: 4 to 256 ice-chars).
    public var ufrag: String
    /// The password (RFC 8839 §5.4: 22 to 256 ice-chars).
    public var password: String

    /// Credentials from their two parts.
    public init(ufrag: String, password: String) {
        self.ufrag = ufrag
        self.password = password
    }

    /// The characters RFC 8839 §5.4 allows (`ice-char = ALPHA / DIGIT / "+" / "/"`): exactly
    /// 64, so one character carries 6 random bits without bias.
    static let iceChars: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// Fresh random credentials from the system's cryptographically strong generator: an
    /// 8-character ufrag (48 bits, RFC 8839 §5.4 asks for at least 24) and a 24-character
    /// password (144 bits, at least 128 required).
    public static func random() -> ICECredentials {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// Random credentials drawn from `generator` (tests pass a seeded generator).
    public static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> ICECredentials {
        ICECredentials(ufrag: randomString(length: 8, using: &generator),
                       password: randomString(length: 24, using: &generator))
    }

    private static func randomString<Generator: RandomNumberGenerator>(length: Int, using generator: inout Generator) -> String {
        var text = ""
        for _ in 0..<length {
            let index = Int(truncatingIfNeeded: generator.next() & 63)
            text.append(iceChars.indices.contains(index) ? iceChars[index] : "A")
        }
        return text
    }

    /// The ufrag only: the password never appears in logs.
    public var description: String { "ICECredentials(ufrag: \(ufrag))" }
}
