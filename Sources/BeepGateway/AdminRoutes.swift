import BeepPlatformCore
import Foundation
import Hummingbird

/// The operator's API: `GET /admin/stats` (JSON) and `GET /metrics` (Prometheus text), both
/// behind `Authorization: Bearer <admin token>` (see ``AdminToken``).
public struct AdminEndpoints: Sendable {
    /// The expected bearer token.
    public let token: String
    /// The statistics document.
    public let statsJSON: @Sendable () async -> String
    /// The Prometheus exposition.
    public let metricsText: @Sendable () async -> String
    /// Write actions by path, served as `POST <path>`: the JSON body in, a status and a JSON
    /// body out (e.g. `/admin/subscribers/limits`).
    public let actions: [String: @Sendable ([UInt8]) async -> (status: Int, body: String)]

    /// Admin endpoints.
    public init(token: String, statsJSON: @escaping @Sendable () async -> String,
                metricsText: @escaping @Sendable () async -> String,
                actions: [String: @Sendable ([UInt8]) async -> (status: Int, body: String)] = [:]) {
        self.token = token
        self.statsJSON = statsJSON
        self.metricsText = metricsText
        self.actions = actions
    }
}

enum AdminRoutes {
    static func add(to router: Router<APIRequestContext>, endpoints: AdminEndpoints) {
        router.get("/admin/stats") { request, _ in
            try authorize(request, token: endpoints.token)
            return text(await endpoints.statsJSON(), type: "application/json")
        }
        router.get("/metrics") { request, _ in
            try authorize(request, token: endpoints.token)
            return text(await endpoints.metricsText(), type: "text/plain; version=0.0.4")
        }
        for (path, action) in endpoints.actions.sorted(by: { $0.key < $1.key }) {
            router.post(RouterPath(stringLiteral: path)) { request, _ in
                try authorize(request, token: endpoints.token)
                let body = try await request.body.collect(upTo: maximumActionBodyBytes)
                let (status, json) = await action(Array(body.readableBytesView))
                var response = text(json, type: "application/json")
                response.status = HTTPResponse.Status(code: status)
                return response
            }
        }
    }

    /// The largest body an admin action accepts.
    static let maximumActionBodyBytes = 16 * 1024

    static func authorize(_ request: Request, token: String) throws {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              AdminToken.matches(String(header.dropFirst("Bearer ".count)), expected: token) else {
            throw HTTPError(.unauthorized)
        }
    }

    static func text(_ body: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension AdminEndpoints {
    /// Admin endpoints over a statistics source: `/admin/stats` is `stats()` as sorted-key JSON,
    /// `/metrics` is `metrics(stats())`; the token comes from ``AdminToken/loadOrCreate(environment:dataDirectory:)``.
    public static func serving<Stats: Encodable & Sendable>(
        stats: @escaping @Sendable () async -> Stats, metrics: @escaping @Sendable (Stats) -> String,
        environment: [String: String], dataDirectory: URL,
        actions: [String: @Sendable ([UInt8]) async -> (status: Int, body: String)] = [:]
    ) throws -> AdminEndpoints {
        let token = try AdminToken.loadOrCreate(environment: environment, dataDirectory: dataDirectory)
        return AdminEndpoints(
            token: token,
            statsJSON: {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let data = (try? encoder.encode(await stats())) ?? Data("[]".utf8)
                return String(decoding: data, as: UTF8.self)
            },
            metricsText: { metrics(await stats()) }, actions: actions)
    }
}
