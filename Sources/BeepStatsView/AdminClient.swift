import BeepCallServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads the SFU's admin API (`GET /admin/stats` with `Authorization: Bearer <admin token>`).
public struct AdminClient: Sendable {
    /// Why a read failed; `exitCode` is what `beep-stats` exits with.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The kinds of failure.
        public enum Code: Sendable { case unreachable, unauthorized, badResponse, refused }
        /// The kind.
        public var code: Code
        /// A one-line explanation for the operator.
        public var description: String
        /// 3 unreachable, 4 unauthorized, 5 bad response, 6 change refused by the node.
        public var exitCode: Int32 {
            switch code {
            case .unreachable: 3
            case .unauthorized: 4
            case .badResponse: 5
            case .refused: 6
            }
        }
    }

    /// The node's base URL, e.g. `http://127.0.0.1:8080`.
    public let baseURL: URL
    private let token: String

    /// A client for the node at `baseURL` with the admin `token` (never logged).
    public init(baseURL: URL, token: String) {
        self.baseURL = baseURL
        self.token = token
    }

    /// One snapshot of the node's statistics (rooms and workers).
    public func node() async throws(Failure) -> NodeStats {
        let (status, data) = try await exchange("admin/stats", body: nil)
        guard status == 200 else { throw Failure(code: .badResponse, description: "GET /admin/stats answered HTTP \(status)") }
        do {
            return try JSONDecoder().decode(NodeStats.self, from: data)
        } catch {
            throw Failure(code: .badResponse, description: "GET /admin/stats returned JSON beep-stats cannot read: \(error)")
        }
    }

    /// A tuning change: `POST path` (e.g. `admin/drain`) with `body` as JSON. Returns the
    /// node's reply when it made the change; a refusal (400, 404, 409, 501) is a `.refused` failure.
    public func change(_ path: String, body: some Encodable) async throws(Failure) -> AdminActionReply {
        let encoded: Data
        do { encoded = try JSONEncoder().encode(body) } catch {
            throw Failure(code: .badResponse, description: "cannot encode the request: \(error)")
        }
        let (status, data) = try await exchange(path, body: encoded)
        guard let reply = try? JSONDecoder().decode(AdminActionReply.self, from: data) else {
            throw Failure(code: .badResponse, description: "POST /\(path) answered HTTP \(status) without a reply beep-stats can read")
        }
        guard status == 200, reply.ok else {
            throw Failure(code: .refused, description: "refused (HTTP \(status), \(reply.code ?? "?")): \(reply.error ?? "no reason given")")
        }
        return reply
    }

    /// One request with the bearer token: GET without a body, POST with one. 401 and transport
    /// failures are thrown; other statuses are returned.
    private func exchange(_ path: String, body: Data?) async throws(Failure) -> (status: Int, data: Data) {
        var request = URLRequest(url: baseURL.appendingPathComponent(path), timeoutInterval: 5)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure(code: .unreachable, description: "cannot reach \(baseURL.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 401 {
            throw Failure(code: .unauthorized, description: "the admin token was refused (401) by \(baseURL.absoluteString)")
        }
        return (status, data)
    }
}
