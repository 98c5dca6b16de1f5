import ArgumentParser
import BeepGateway
import BeepLogging
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `beep`: every Beep service in one process (the embedded default).
@main
struct BeepCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "beep",
        abstract: "Beep: a self-hostable chat and voice platform, all services in one process.",
        version: version
    )

    @Option(help: "Address the HTTP gateway binds (BEEP_HTTP_HOST).")
    var host: String = ProcessInfo.processInfo.environment["BEEP_HTTP_HOST"] ?? "127.0.0.1"

    @Option(help: "TCP port of the HTTP gateway (BEEP_HTTP_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["BEEP_HTTP_PORT"].flatMap(Int.init) ?? 8080

    func run() async throws {
        LoggingBootstrap.bootstrap(service: "beep")
        let logger = Logger(label: "beep")
        let gateway = Gateway.makeApplication(
            configuration: GatewayConfiguration(host: host, port: port),
            version: Self.version, logger: logger)
        let services = ServiceGroup(configuration: .init(
            services: [.init(service: gateway)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        logger.notice("starting", metadata: ["http": "\(host):\(port)", "version": "\(Self.version)"])
        try await services.run()
        logger.notice("stopped")
    }
}
