/// scrypt cost parameters (RFC 7914 §2). The defaults are OWASP's recommendation for scrypt
/// (Password Storage Cheat Sheet: N=2^17, r=8, p=1, about 128 MiB per hash).
public struct ScryptParameters: Sendable, Equatable {
    /// log2(N), the CPU/memory cost.
    public var logN: Int
    /// Block size.
    public var r: Int
    /// Parallelisation.
    public var p: Int

    /// OWASP's parameters: N=2^17, r=8, p=1.
    public static let owasp = ScryptParameters(logN: 17, r: 8, p: 1)

    /// A low cost for tests only (N=2^10). Never use in production; `UsersConfiguration`
    /// takes it only when set explicitly.
    public static let testingOnly = ScryptParameters(logN: 10, r: 8, p: 1)

    /// Creates parameters.
    public init(logN: Int, r: Int, p: Int) {
        self.logN = logN
        self.r = r
        self.p = p
    }

    /// Whether stored parameters are within the bounds Beep will ever compute: a tampered or
    /// corrupt hash must not make the server allocate gigabytes.
    public var isWithinBounds: Bool {
        (10...20).contains(logN) && (1...16).contains(r) && (1...4).contains(p)
    }
}
