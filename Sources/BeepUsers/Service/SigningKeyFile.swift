import BeepPlatformCore
import Crypto
import Foundation

/// Loads the access token signing key from a file, creating it (mode 0600) on first start so
/// tokens survive restarts. The file holds the base64 of the 32-byte Ed25519 private key.
public enum SigningKeyFile {
    /// Why the key file is unusable.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        /// Human-readable reason.
        public var description: String
    }

    /// The key at `path`, created if missing.
    public static func loadOrCreate(path: String) throws -> AccessTokenSigningKey {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                  let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
            else { throw LoadError(description: "\(path) is not a base64 Ed25519 private key") }
            return AccessTokenSigningKey(privateKey: key)
        }
        let key = Curve25519.Signing.PrivateKey()
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard manager.createFile(atPath: path, contents: Data(key.rawRepresentation.base64EncodedString().utf8),
                                 attributes: [.posixPermissions: 0o600]) else {
            throw LoadError(description: "cannot write \(path)")
        }
        return AccessTokenSigningKey(privateKey: key)
    }
}
