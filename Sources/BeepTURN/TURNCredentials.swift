import Crypto

/// Time-limited TURN credentials in the "TURN REST API" scheme (draft-uberti-behave-turn-rest,
/// the scheme coturn calls `use-auth-secret`): the username is `"<expiry>:<user id>"` with the
/// expiry in Unix seconds, and the password is `base64(HMAC-SHA1(secret, username))`. The
/// server needs only the shared secret to check them; they are used as RFC 8489 §9.2
/// long-term credentials.
public struct TURNCredentials: Sendable, Hashable {
    /// `"<expiry unix seconds>:<user id>"`.
    public let username: String
    /// `base64(HMAC-SHA1(secret, username))`.
    public let password: String
    /// The expiry, Unix seconds.
    public let expiresAt: Int64

    /// Credentials from their parts (e.g. as received with a join token).
    public init(username: String, password: String, expiresAt: Int64) {
        self.username = username
        self.password = password
        self.expiresAt = expiresAt
    }

    /// Issues credentials for `userID` valid for `ttl` from `now` (Unix seconds, the wall
    /// clock of the issuer). The user ID should not contain ':' (coturn reads the first
    /// field as the expiry; any later ':' stays part of the user ID here).
    public static func make(secret: String, userID: String, ttl: Duration, now: Int64) -> TURNCredentials {
        let ttlSeconds = ttl.components.seconds
        let (expiry, overflow) = now.addingReportingOverflow(ttlSeconds)
        let expiresAt = overflow ? Int64.max : expiry
        let username = "\(expiresAt):\(userID)"
        return TURNCredentials(username: username, password: password(secret: secret, username: username),
                               expiresAt: expiresAt)
    }

    /// The password for `username` under `secret`: `base64(HMAC-SHA1(secret, username))`.
    public static func password(secret: String, username: String) -> String {
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Array(username.utf8),
                                                         using: SymmetricKey(data: Array(secret.utf8)))
        return TURNBase64.encode(Array(mac))
    }

    /// Splits a REST username into its expiry and user ID: `"<expiry>:<user id>"`, or just
    /// `"<expiry>"` (user ID empty) as coturn also accepts. Returns nil when the expiry is
    /// not a decimal number.
    public static func parseUsername(_ username: String) -> (expiresAt: Int64, userID: String)? {
        let parts = username.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty, first.utf8.count <= 19,
              first.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let expiry = Int64(first) else { return nil }
        return (expiry, parts.count > 1 ? String(parts[1]) : "")
    }
}
