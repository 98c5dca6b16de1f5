import ArgumentParser
import BeepCallServer
import BeepStatsView
import Foundation

/// Where the node's admin API is and the admin token (shared by every `beep-stats` command).
struct NodeOptions: ParsableArguments {
    @Option(help: "The node's admin base URL: beep's HTTP address, or beep-sfu's --admin-port (BEEP_STATS_URL).")
    var url: String = ProcessInfo.processInfo.environment["BEEP_STATS_URL"] ?? "http://127.0.0.1:8080"

    @Option(help: "File holding the admin token; default BEEP_ADMIN_TOKEN, else ./data/admin-token.")
    var tokenFile: String?

    func validate() throws {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? "") else {
            throw ValidationError("--url must be an http(s) URL, e.g. http://127.0.0.1:8080")
        }
    }

    /// A client of the node with the token.
    func client() throws -> AdminClient {
        guard let base = URL(string: url) else { throw ValidationError("--url is not a URL") }
        return AdminClient(baseURL: base, token: try loadToken())
    }

    /// Posts one tuning change (`body` as JSON) to `path` on the node and returns its reply; a
    /// refusal or a transport failure is printed on stderr and becomes the exit code.
    func change<Body: Encodable & Sendable>(_ path: String, body: Body) async throws -> AdminActionReply {
        let client = try client()
        return try await reportingFailures { () async throws(AdminClient.Failure) in
            try await client.change(path, body: body)
        }
    }

    private func loadToken() throws -> String {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw ValidationError("cannot read --token-file \(tokenFile)")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let token = ProcessInfo.processInfo.environment["BEEP_ADMIN_TOKEN"], !token.isEmpty { return token }
        if let data = FileManager.default.contents(atPath: "data/admin-token") {
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        throw ValidationError("no admin token: set BEEP_ADMIN_TOKEN, pass --token-file, or run where data/admin-token is")
    }
}

/// Runs a client call; a failure is printed on stderr and becomes the exit code.
func reportingFailures<T>(_ body: () async throws(AdminClient.Failure) -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        FileHandle.standardError.write(Data("beep-stats: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    }
}

/// A room or participant name as one URL path segment.
func pathSegment(_ value: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "/;?#%")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
}
