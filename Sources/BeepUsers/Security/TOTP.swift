import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226), sans-IO: time comes in.
public struct TOTP: Sendable, Equatable {
    /// The HMAC of RFC 6238 §1.2 (`SHA1` is what authenticator apps support universally).
    public enum Algorithm: String, Sendable, Equatable {
        /// HMAC-SHA-1 (the default, RFC 6238 §1.2).
        case sha1 = "SHA1"
        /// HMAC-SHA-256.
        case sha256 = "SHA256"
        /// HMAC-SHA-512.
        case sha512 = "SHA512"
    }

    /// The shared secret K.
    public let secret: [UInt8]
    /// Digits per code (RFC 4226 §5.3: 6 to 8... Beep uses 6, tests use 8 for RFC vectors).
    public let digits: Int
    /// Time step X in seconds (RFC 6238 §4.1, default 30).
    public let period: Int
    /// The HMAC.
    public let algorithm: Algorithm

    /// Creates a generator (digits clamped to 6...8, period to 1...300).
    public init(secret: [UInt8], digits: Int = 6, period: Int = 30, algorithm: Algorithm = .sha1) {
        self.secret = secret
        self.digits = min(max(digits, 6), 8)
        self.period = min(max(period, 1), 300)
        self.algorithm = algorithm
    }

    /// A new random 160-bit secret (RFC 4226 §4 R6 recommends 160 bits).
    public static func randomSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in generator.next() }
    }

    /// The step counter T = floor((unix time - T0) / X) (RFC 6238 §4.2), T0 = 0.
    public func step(at time: Date) -> Int64 {
        let seconds = time.timeIntervalSince1970
        guard seconds.isFinite, seconds >= 0 else { return 0 }
        return Int64(min(seconds, 1.0e15)) / Int64(period)
    }

    /// The code for step `counter` (RFC 4226 §5.3: HMAC, dynamic truncation, modulo 10^digits).
    public func code(forStep counter: Int64) -> String {
        var bigEndian = UInt64(bitPattern: counter).bigEndian
        let message = withUnsafeBytes(of: &bigEndian) { Array($0) }
        let key = SymmetricKey(data: secret)
        let mac: [UInt8]
        switch algorithm {
        case .sha1: mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        case .sha256: mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: mac = Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
        guard let last = mac.last else { return "" }
        let offset = Int(last & 0x0F)
        guard offset + 3 < mac.count else { return "" }
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus &*= 10 }
        let value = binary % modulus
        let text = String(value)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The code at `time`.
    public func code(at time: Date) -> String {
        code(forStep: step(at: time))
    }

    /// The step whose code equals `code` within `window` steps around `time` (RFC 6238 §5.2
    /// allows one step of clock drift), or `nil`. Comparison is constant-time per candidate.
    /// The caller must refuse steps at or below the last accepted one (no replay, §5.2).
    public func matchingStep(for code: String, at time: Date, window: Int = 1) -> Int64? {
        let candidate = Array(code.utf8)
        guard candidate.count == digits, candidate.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let now = step(at: time)
        var found: Int64?
        for delta in -Int64(window)...Int64(window) {
            let step = now + delta
            guard step >= 0 else { continue }
            let expected = Array(self.code(forStep: step).utf8)
            var difference: UInt8 = 0
            for (a, b) in zip(expected, candidate) { difference |= a ^ b }
            if difference == 0 && expected.count == candidate.count && found == nil { found = step }
        }
        return found
    }

    /// The `otpauth://totp/` URI authenticator apps scan (Google Authenticator key URI format):
    /// `otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30`.
    public func provisioningURI(account: String, issuer: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "otpauth://totp/\(escape(issuer)):\(escape(account))?secret=\(Base32.encode(secret))"
            + "&issuer=\(escape(issuer))&algorithm=\(algorithm.rawValue)&digits=\(digits)&period=\(period)"
    }
}
