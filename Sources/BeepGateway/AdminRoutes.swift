import BeepPlatformCore
import Foundation
import Hummingbird

/// The operator's API: `GET /admin/stats` (JSON), `GET /metrics` (Prometheus text) and the
/// tuning changes (`POST /admin/...`, docs/operations.md), all behind
/// `Authorization: Bearer <admin token>` (see ``AdminToken``).
public struct AdminEndpoints: Sendable {
    /// The expected bearer token.
    public let token: String
    /// The statistics document.
    public let statsJSON: @Sendable () async -> String
    /// The Prometheus exposition.
    public let metricsText: @Sendable () async -> String
    /// Carries out a tuning change; nil: the `POST` routes are not served.
    public let actions: (@Sendable (AdminActionCall) async -> AdminActionResult)?

    /// Admin endpoints.
    public init(token: String, statsJSON: @escaping @Sendable () async -> String,
                metricsText: @escaping @Sendable () async -> String,
                actions: (@Sendable (AdminActionCall) async -> AdminActionResult)? = nil) {
        self.token = token
        self.statsJSON = statsJSON
        self.metricsText = metricsText
        self.actions = actions
    }
}

/// One authorised tuning request, as the routes parsed it.
public struct AdminActionCall: Sendable, Equatable {
    /// `room.limits`, `participant.mute`, `participant.remove`, `node.drain`,
    /// `subscriber.limits` or `test.link` (the last two are the media node's, docs/bandwidth-estimation.md).
    public var action: String
    /// The room named in the path, if any.
    public var room: String?
    /// The participant named in the path, if any.
    public var participant: String?
    /// The request body (JSON, at most ``AdminRoutes/maximumBodyBytes``).
    public var body: Data
    /// Who asks: `admin` (one shared admin token has no other identity).
    public var actor: String
}

/// The answer to an ``AdminActionCall``: an HTTP status and a JSON body.
public struct AdminActionResult: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// The JSON body.
    public var json: String

    /// A result.
    public init(status: Int, json: String) {
        self.status = status
        self.json = json
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
        guard let actions = endpoints.actions else { return }
        let routes: [(path: String, action: String)] = [
            ("/admin/rooms/:room/limits", "room.limits"),
            ("/admin/rooms/:room/participants/:participant/mute", "participant.mute"),
            ("/admin/rooms/:room/participants/:participant/remove", "participant.remove"),
            ("/admin/drain", "node.drain"),
            ("/admin/subscribers/limits", "subscriber.limits"),
            ("/admin/test/link", "test.link"),
        ]
        for route in routes {
            router.post(RouterPath(route.path)) { request, context in
                try authorize(request, token: endpoints.token)
                let body = try await request.body.collect(upTo: maximumBodyBytes)
                let call = AdminActionCall(action: route.action, room: context.parameters.get("room"),
                                           participant: context.parameters.get("participant"),
                                           body: Data(body.readableBytesView), actor: "admin")
                let result = await actions(call)
                var response = text(result.json, type: "application/json")
                response.status = HTTPResponse.Status(code: result.status)
                return response
            }
        }
    }

    /// The largest tuning request body accepted.
    static let maximumBodyBytes = 16 * 1024

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
    /// `/metrics` is `metrics(stats())`, the tuning routes call `actions`; the token comes from ``AdminToken/loadOrCreate(environment:dataDirectory:)``.
    public static func serving<Stats: Encodable & Sendable>(
        stats: @escaping @Sendable () async -> Stats, metrics: @escaping @Sendable (Stats) -> String,
        environment: [String: String], dataDirectory: URL,
        actions: (@Sendable (AdminActionCall) async -> AdminActionResult)? = nil
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
