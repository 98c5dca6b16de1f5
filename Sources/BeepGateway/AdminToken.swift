import Foundation

/// The operator's bearer token for the admin API (`/admin/stats`, `/metrics`): `BEEP_ADMIN_TOKEN`,
/// else `data/admin-token`, created with 256 random bits and mode 0600 on first use. Never logged.
public enum AdminToken {
    /// The environment variable that sets the token.
    public static let environmentVariable = "BEEP_ADMIN_TOKEN"

    /// Loads or creates the token.
    public static func loadOrCreate(environment: [String: String], dataDirectory: URL) throws -> String {
        if let token = environment[environmentVariable], !token.isEmpty { return token }
        let file = dataDirectory.appendingPathComponent("admin-token")
        if let data = FileManager.default.contents(atPath: file.path) {
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !token.isEmpty { return token }
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file.path, contents: Data((token + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return token
    }

    /// Compares a presented token with the expected one in constant time.
    public static func matches(_ presented: String, expected: String) -> Bool {
        let a = Array(presented.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
