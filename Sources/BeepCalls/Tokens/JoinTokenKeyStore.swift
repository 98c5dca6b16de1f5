import Crypto
import Foundation

/// Where the join-token signing key lives: the environment variable
/// ``environmentVariable`` (base64url of the 32-byte Ed25519 private key, RFC 8032 §5.1.5),
/// else the file ``fileName`` in the data directory, created on first use with mode 0600.
///
/// This is the only part of BeepCalls that does IO. The key is never logged or printed.
public enum JoinTokenKeyStore {
    /// The environment variable holding the key.
    public static let environmentVariable = "BEEP_CALL_TOKEN_KEY"
    /// The key file's name inside the data directory.
    public static let fileName = "call-token-key"

    /// Why the key could not be loaded or created.
    public struct KeyError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What went wrong (never the key itself).
        public var reason: String
        /// `reason`.
        public var description: String { reason }
    }

    /// Loads the key from the environment or the data directory, creating the file if neither has one.
    public static func loadOrCreate(environment: [String: String],
                                    dataDirectory: URL) throws(KeyError) -> Curve25519.Signing.PrivateKey {
        if let text = environment[environmentVariable] {
            return try key(fromText: text, source: environmentVariable)
        }
        let file = dataDirectory.appendingPathComponent(fileName)
        if let data = FileManager.default.contents(atPath: file.path) {
            return try key(fromText: String(decoding: data, as: UTF8.self), source: file.path)
        }
        let key = Curve25519.Signing.PrivateKey()
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw KeyError(reason: "cannot create \(dataDirectory.path)")
        }
        let created = FileManager.default.createFile(
            atPath: file.path, contents: Data((Base64URL.encode(key.rawRepresentation) + "\n").utf8),
            attributes: [.posixPermissions: 0o600])
        guard created else { throw KeyError(reason: "cannot write \(file.path)") }
        return key
    }

    private static func key(fromText text: String, source: String) throws(KeyError) -> Curve25519.Signing.PrivateKey {
        guard let raw = Base64URL.decode(text), raw.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw KeyError(reason: "\(source) does not hold a base64url 32-byte Ed25519 private key")
        }
        return key
    }
}
