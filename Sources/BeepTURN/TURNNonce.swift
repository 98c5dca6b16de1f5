import BeepSTUN
import BeepWire
import Crypto

/// Stateless NONCE values with an expiry (RFC 8489 §9.2, §9.2.4: a nonce the server can
/// recognise as stale and answer with 438). A nonce is `"<expiry>-<mac>"`: the expiry in
/// whole seconds of the server's monotonic clock and a truncated HMAC-SHA256 over the
/// expiry and the client's address, so it cannot be forged or moved to another client.
struct TURNNonce: Sendable {
    let key: SymmetricKey
    let lifetime: Duration

    init(key: [UInt8], lifetime: Duration) {
        self.key = SymmetricKey(data: key)
        self.lifetime = lifetime
    }

    /// The result of checking a received nonce.
    enum Check: Equatable {
        /// Issued here, for this client, not expired.
        case valid
        /// Issued here but expired: 438 (RFC 8489 §9.2.4).
        case stale
        /// Not one of ours: also answered with 438 and a fresh nonce, so the client retries.
        case unknown
    }

    /// A fresh nonce for `client`.
    func issue(for client: STUNAddress, now: MonotonicTime) -> String {
        let expiry = (now + lifetime).nanoseconds / 1_000_000_000
        return "\(expiry)-\(mac(expiry: expiry, client: client))"
    }

    /// Checks a nonce received from `client`.
    func check(_ nonce: String, from client: STUNAddress, now: MonotonicTime) -> Check {
        let parts = nonce.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count <= 19, let expiry = Int64(parts[0]) else { return .unknown }
        let expected = mac(expiry: expiry, client: client)
        guard TURNConstantTime.equals(Array(parts[1].utf8), Array(expected.utf8)) else { return .unknown }
        return now.nanoseconds / 1_000_000_000 < expiry ? .valid : .stale
    }

    private func mac(expiry: Int64, client: STUNAddress) -> String {
        let input = Array("\(expiry)|\(client.hostDescription)".utf8)
        let code = HMAC<SHA256>.authenticationCode(for: input, using: key)
        return code.prefix(12).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}

/// Comparison that takes the same time wherever the first difference is.
enum TURNConstantTime {
    /// True when both have the same length and bytes (the length is not secret).
    static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
        return difference == 0
    }
}
