import ArgumentParser
import BeepCallServer
import BeepDTLS
import BeepGateway
import BeepICE
import BeepLogging
import BeepSFUControl
import BeepSFUServer
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `beep-sfu`: the media node alone. It runs the media server and the room workers and takes its
/// commands from one `beep` over gRPC (`SFUControl.Connect`, proto/beep/sfu/v1/control.proto).
@main
struct SFUCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "beep-sfu",
        abstract: "Beep's media node (SFU), controlled by `beep --sfu-url grpc://HOST:PORT`.",
        version: version)

    @Option(help: "Address the media UDP sockets bind (BEEP_MEDIA_HOST).")
    var mediaHost: String = ProcessInfo.processInfo.environment["BEEP_MEDIA_HOST"] ?? "127.0.0.1"

    @Option(help: "Media UDP port range, e.g. 8801-8810 (BEEP_MEDIA_PORTS).")
    var mediaPorts: String = ProcessInfo.processInfo.environment["BEEP_MEDIA_PORTS"] ?? "8801-8810"

    @Option(help: "Address the gRPC control API binds (BEEP_SFU_GRPC_HOST); plaintext: keep it private.")
    var grpcHost: String = ProcessInfo.processInfo.environment["BEEP_SFU_GRPC_HOST"] ?? "127.0.0.1"

    @Option(help: "TCP port of the gRPC control API (BEEP_SFU_GRPC_PORT).")
    var grpcPort: Int = ProcessInfo.processInfo.environment["BEEP_SFU_GRPC_PORT"].flatMap(Int.init) ?? 9090

    @Option(help: "Address of the admin HTTP API, /admin/stats and /metrics (BEEP_SFU_ADMIN_HOST).")
    var adminHost: String = ProcessInfo.processInfo.environment["BEEP_SFU_ADMIN_HOST"] ?? "127.0.0.1"

    @Option(help: "TCP port of the admin HTTP API (BEEP_SFU_ADMIN_PORT); 0 switches it off.")
    var adminPort: Int = ProcessInfo.processInfo.environment["BEEP_SFU_ADMIN_PORT"].flatMap(Int.init) ?? 9091

    func validate() throws {
        guard PortRangeText.parse(mediaPorts) != nil else {
            throw ValidationError("--media-ports must look like 8801-8810 (1-65535)")
        }
        guard (1...65535).contains(grpcPort) else { throw ValidationError("--grpc-port must be in 1-65535") }
        guard (0...65535).contains(adminPort) else { throw ValidationError("--admin-port must be in 0-65535") }
    }

    func run() async throws {
        LoggingBootstrap.bootstrap(service: "beep-sfu")
        let logger = Logger(label: "beep-sfu")
        guard let ports = PortRangeText.parse(mediaPorts) else {
            throw ValidationError("--media-ports must look like 8801-8810 (1-65535)")
        }
        let media = MediaServer(configuration: MediaServerConfiguration(host: mediaHost, ports: ports),
                                logger: Logger(label: "beep-sfu.media"))
        try await media.start()
        let loopback = mediaHost.hasPrefix("127.") || mediaHost == "::1"
        let relay = SFUEventRelay()
        let coordinator = CallMediaCoordinator(media: media, certificate: try DTLSCertificate(),
                                               addressPolicy: loopback ? .loopbackOnly : .any,
                                               signal: { relay.send($0) })
        let control = SFUControlService(relay: relay, version: Self.version,
                                        logger: Logger(label: "beep-sfu.control")) { coordinator.handle($0) }
        let server = SFUControlServer(host: grpcHost, port: grpcPort, service: control, relay: relay)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: media), .init(service: server)]
        if adminPort != 0 {
            let testHooks = CallMediaCoordinator.testHooksRequested(ProcessInfo.processInfo.environment)
            if testHooks { logger.warning("test hooks enabled (BEEP_TEST_HOOKS=1): POST /admin/test/link can shape media; never in production") }
            let data = URL(fileURLWithPath: "data")
            let audit = AuditLog(dataDirectory: data, logger: Logger(label: "beep-sfu.audit"))
            let admin = try AdminEndpoints.serving(stats: { await coordinator.nodeStats() }, metrics: PrometheusExposition.render,
                                                   environment: ProcessInfo.processInfo.environment,
                                                   dataDirectory: data,
                                                   actions: { call in
                let result = await coordinator.performAuditedAdminAction(call.action, body: call.body, actor: call.actor,
                                                                         testHooks: testHooks, audit: audit)
                    ?? CallMediaCoordinator.unknownAdminAction(call.action)
                return AdminActionResult(status: result.status, json: result.json)
            })
            services.append(.init(service: Gateway.makeApplication(
                configuration: GatewayConfiguration(host: adminHost, port: adminPort), version: Self.version,
                admin: admin, logger: Logger(label: "beep-sfu.admin"))))
        }
        let group = ServiceGroup(configuration: .init(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        logger.notice("starting", metadata: [
            "media": "\(mediaHost):\(mediaPorts)", "grpc": "\(grpcHost):\(grpcPort)", "admin": "\(adminPort == 0 ? "off" : "\(adminHost):\(adminPort)")", "version": "\(Self.version)",
        ])
        try await group.run()
        logger.notice("stopped")
    }
}
