import ArgumentParser
import BeepCallServer
import BeepDTLS
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

    func validate() throws {
        guard MediaPorts.parse(mediaPorts) != nil else {
            throw ValidationError("--media-ports must look like 8801-8810 (1-65535)")
        }
        guard (1...65535).contains(grpcPort) else { throw ValidationError("--grpc-port must be in 1-65535") }
    }

    func run() async throws {
        LoggingBootstrap.bootstrap(service: "beep-sfu")
        let logger = Logger(label: "beep-sfu")
        guard let ports = MediaPorts.parse(mediaPorts) else {
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
        let services = ServiceGroup(configuration: .init(
            services: [.init(service: media), .init(service: server)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        logger.notice("starting", metadata: [
            "media": "\(mediaHost):\(mediaPorts)", "grpc": "\(grpcHost):\(grpcPort)", "version": "\(Self.version)",
        ])
        try await services.run()
        logger.notice("stopped")
    }
}

/// Parses `8801-8810` or `8801`.
enum MediaPorts {
    static func parse(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", maxSplits: 1).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard let first = parts.first ?? nil, (1...65535).contains(first) else { return nil }
        let last = parts.count == 2 ? parts[1] : first
        guard let last, last >= first, last <= 65535 else { return nil }
        return first...last
    }
}
