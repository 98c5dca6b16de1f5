import BeepPlatformCore
import Foundation
import Hummingbird
import Logging

/// Adds the platform services' routes (`/api/v1`, `/.well-known/jwks.json`) to the gateway's router.
public typealias PlatformRoutes = @Sendable (Router<APIRequestContext>) -> Void

/// The HTTP entry point of Beep: health today; the API, WebSocket events and the web client
/// as the platform issues land.
public enum Gateway {
    /// The routes the gateway serves; `devEcho` adds `POST /dev/echo` (development only);
    /// `platform` adds the platform services' API; `webAppFolder` serves the web client
    /// (`docs/web-client.md`). Every response carries ``SecurityHeaders``.
    public static func makeRouter(version: String, devEcho: DevEchoHandler? = nil, callPageFolder: URL? = nil,
                                  webAppFolder: URL? = nil, admin: AdminEndpoints? = nil,
                                  platform: PlatformRoutes? = nil) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: AccessLogMiddleware())
        router.get("/health") { _, _ in
            HealthStatus(status: "ok", version: version)
        }
        if let devEcho { DevEchoRoute.add(to: router, handler: devEcho) }
        if let callPageFolder { CallPageRoutes.add(to: router, folder: callPageFolder) }
        if let webAppFolder { WebAppRoutes.add(to: router, folder: webAppFolder) }
        if let admin { AdminRoutes.add(to: router, endpoints: admin) }
        platform?(router)
        return router
    }

    /// The gateway as a Hummingbird application, ready to run under a ServiceGroup; WebSocket
    /// requests go to the endpoint (`webSocket` or one of `webSockets`) whose path they name.
    public static func makeApplication(
        configuration: GatewayConfiguration, version: String, devEcho: DevEchoHandler? = nil,
        callPageFolder: URL? = nil, webAppFolder: URL? = nil, webSocket: WebSocketEndpoint? = nil, webSockets: [WebSocketEndpoint] = [],
        admin: AdminEndpoints? = nil, platform: PlatformRoutes? = nil, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(version: version, devEcho: devEcho, callPageFolder: callPageFolder,
                               webAppFolder: webAppFolder, admin: admin, platform: platform),
            server: WebSocketUpgrade.server((webSocket.map { [$0] } ?? []) + webSockets),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "beep"),
            logger: logger
        )
    }
}

/// The body of `GET /health`.
public struct HealthStatus: ResponseCodable, Equatable {
    /// "ok" while the process serves requests.
    public let status: String
    /// The running Beep version.
    public let version: String

    /// A health body.
    public init(status: String, version: String) {
        self.status = status
        self.version = version
    }
}
