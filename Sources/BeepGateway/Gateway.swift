import Hummingbird
import Logging

/// The HTTP entry point of Beep: health today; the API, WebSocket events and the web client
/// as the platform issues land.
public enum Gateway {
    /// The routes the gateway serves.
    public static func makeRouter(version: String) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: AccessLogMiddleware())
        router.get("/health") { _, _ in
            HealthStatus(status: "ok", version: version)
        }
        return router
    }

    /// The gateway as a Hummingbird application, ready to run under a ServiceGroup.
    public static func makeApplication(
        configuration: GatewayConfiguration, version: String, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: makeRouter(version: version),
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
