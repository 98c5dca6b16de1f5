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
        public enum Code: Sendable { case unreachable, unauthorized, badResponse }
        /// The kind.
        public var code: Code
        /// A one-line explanation for the operator.
        public var description: String
        /// 3 unreachable, 4 unauthorized, 5 bad response.
        public var exitCode: Int32 {
            switch code {
            case .unreachable: 3
            case .unauthorized: 4
            case .badResponse: 5
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
        var request = URLRequest(url: baseURL.appendingPathComponent("admin/stats"), timeoutInterval: 5)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure(code: .unreachable, description: "cannot reach \(baseURL.absoluteString): \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        switch status {
        case 200: break
        case 401: throw Failure(code: .unauthorized, description: "the admin token was refused (401) by \(baseURL.absoluteString)")
        default: throw Failure(code: .badResponse, description: "GET /admin/stats answered HTTP \(status)")
        }
        do {
            return try JSONDecoder().decode(NodeStats.self, from: data)
        } catch {
            throw Failure(code: .badResponse, description: "GET /admin/stats returned JSON beep-stats cannot read: \(error)")
        }
    }
}
