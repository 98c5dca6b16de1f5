import Foundation

/// Where the TURN REST secret lives: `--turn-secret` / `BEEP_TURN_SECRET`, else the file
/// `turn-secret` in the data directory, created on first use with mode 0600 (32 random bytes,
/// base64url). The secret is never logged or printed.
enum TURNSecretStore {
    /// The environment variable holding the secret.
    static let environmentVariable = "BEEP_TURN_SECRET"
    /// The secret file's name inside the data directory.
    static let fileName = "turn-secret"

    /// Why the secret could not be loaded or created (never the secret itself).
    struct SecretError: Error, Sendable, Equatable, CustomStringConvertible {
        /// What went wrong.
        var reason: String
        /// `reason`.
        var description: String { reason }
    }

    /// `explicit` when given and not empty, else the file's content, else a new secret
    /// written to the file.
    static func loadOrCreate(explicit: String?, dataDirectory: URL) throws(SecretError) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        let file = dataDirectory.appendingPathComponent(fileName)
        if let data = FileManager.default.contents(atPath: file.path) {
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw SecretError(reason: "\(file.path) is empty") }
            return text
        }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw SecretError(reason: "cannot create \(dataDirectory.path)")
        }
        let created = FileManager.default.createFile(atPath: file.path, contents: Data((secret + "\n").utf8),
                                                     attributes: [.posixPermissions: 0o600])
        guard created else { throw SecretError(reason: "cannot write \(file.path)") }
        return secret
    }
}
