import CBeepOpenSSL
import Crypto
import Foundation
import NIOCore
import NIOPosix

/// Hashes and verifies passwords with scrypt (RFC 7914) through OpenSSL's `EVP_PBE_scrypt`.
///
/// Stored form (PHC string format): `$scrypt$ln=17,r=8,p=1$<salt b64>$<hash b64>`, so the
/// parameters travel with each hash and can be raised later (``needsRehash(_:)``).
/// Hashing runs on NIO's blocking thread pool, at most `maxConcurrent` at once (each
/// takes about 128 MiB at OWASP cost).
public struct PasswordHasher: Sendable {
    /// Parameters for new hashes.
    public let parameters: ScryptParameters
    private let gate: ConcurrencyGate

    /// Creates a hasher.
    public init(parameters: ScryptParameters = .owasp, maxConcurrent: Int = 2) {
        self.parameters = parameters
        self.gate = ConcurrencyGate(limit: max(1, maxConcurrent))
    }

    /// Salt and derived key lengths (bytes).
    static let saltLength = 16
    static let keyLength = 32

    /// A new PHC string for `password`.
    public func hash(_ password: String) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt: [UInt8] = (0..<Self.saltLength).map { _ in generator.next() }
        let parameters = self.parameters
        let key = try await gate.run { try await Self.derive(password: password, salt: salt, parameters: parameters) }
        return "$scrypt$ln=\(parameters.logN),r=\(parameters.r),p=\(parameters.p)$"
            + Data(salt).base64EncodedString() + "$" + Data(key).base64EncodedString()
    }

    /// Whether `password` matches `stored` (constant-time comparison). A malformed stored
    /// string, or parameters out of bounds, never matches.
    public func verify(_ password: String, against stored: String) async throws -> Bool {
        guard let parsed = Self.parse(stored) else { return false }
        let key = try await gate.run {
            try await Self.derive(password: password, salt: parsed.salt, parameters: parsed.parameters,
                                  length: parsed.hash.count)
        }
        return key.count == parsed.hash.count && CRYPTO_memcmp(key, parsed.hash, key.count) == 0
    }

    /// Whether `stored` was made with other parameters than the current ones.
    public func needsRehash(_ stored: String) -> Bool {
        Self.parse(stored)?.parameters != parameters
    }

    /// Splits a PHC string; `nil` when malformed or out of bounds.
    static func parse(_ stored: String) -> (parameters: ScryptParameters, salt: [UInt8], hash: [UInt8])? {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == "scrypt" else { return nil }
        var values: [String: Int] = [:]
        for pair in fields[2].split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let value = Int(parts[1]) else { return nil }
            values[String(parts[0])] = value
        }
        guard let logN = values["ln"], let r = values["r"], let p = values["p"],
              let salt = Data(base64Encoded: String(fields[3])), let hash = Data(base64Encoded: String(fields[4])),
              (8...64).contains(salt.count), (16...64).contains(hash.count) else { return nil }
        let parameters = ScryptParameters(logN: logN, r: r, p: p)
        guard parameters.isWithinBounds else { return nil }
        return (parameters, Array(salt), Array(hash))
    }

    /// scrypt's own threads: a hash holds a thread for up to a second, so it must not share
    /// NIO's singleton pool, which SQLite and file IO use for every query.
    private static let hashingPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount))
        pool.start()
        return pool
    }()

    /// scrypt(password, salt, N, r, p) on the hashing pool.
    static func derive(password: String, salt: [UInt8], parameters: ScryptParameters,
                       length: Int = keyLength) async throws -> [UInt8] {
        guard parameters.isWithinBounds, (1...64).contains(length) else { throw PasswordHashError() }
        let passwordBytes = Array(password.utf8)
        return try await hashingPool.runIfActive {
            try scrypt(password: passwordBytes, salt: salt, n: UInt64(1) << UInt64(parameters.logN),
                       r: UInt64(parameters.r), p: UInt64(parameters.p), length: length)
        }
    }

    /// Raw scrypt (RFC 7914 §6) through `EVP_PBE_scrypt`, blocking, without Beep's bounds
    /// (used directly by the RFC 7914 §12 vector tests).
    static func scrypt(password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, length: Int) throws -> [UInt8] {
        guard length > 0 else { throw PasswordHashError() }
        let maxmem = n.multipliedReportingOverflow(by: 128 &* r &* p)
        guard !maxmem.overflow else { throw PasswordHashError() }
        var key = [UInt8](repeating: 0, count: length)
        let status = password.withUnsafeBufferPointer { pass in
            pass.withMemoryRebound(to: CChar.self) { passChars in
                EVP_PBE_scrypt(passChars.baseAddress, passChars.count, salt, salt.count, n, r, p,
                               maxmem.partialValue + 4 * 1024 * 1024, &key, key.count)
            }
        }
        guard status == 1 else { throw PasswordHashError() }
        return key
    }
}

/// scrypt failed inside OpenSSL (out of memory or invalid parameters).
public struct PasswordHashError: Error, Sendable {}

/// Limits how many expensive operations run at once; the others wait in order.
actor ConcurrencyGate {
    private let limit: Int
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = limit
    }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            running -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
