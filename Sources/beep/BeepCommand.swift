import ArgumentParser
import BeepCallServer
import Crypto
import BeepCalls
import BeepDevEcho
import BeepEventsServer
import BeepDTLS
import BeepGateway
import BeepICE
import BeepLogging
import BeepSFUControl
import BeepSFUServer
import BeepTURNServer
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
        version: version,
        subcommands: [TokenCommand.self, SeedCommand.self]
    )

    @Option(help: "Address the HTTP gateway binds (BEEP_HTTP_HOST).")
    var host: String = ProcessInfo.processInfo.environment["BEEP_HTTP_HOST"] ?? "127.0.0.1"

    @Option(help: "TCP port of the HTTP gateway (BEEP_HTTP_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["BEEP_HTTP_PORT"].flatMap(Int.init) ?? 8080

    @Option(help: "Address the media UDP sockets bind (BEEP_MEDIA_HOST).")
    var mediaHost: String = ProcessInfo.processInfo.environment["BEEP_MEDIA_HOST"] ?? "127.0.0.1"

    @Option(help: "Media UDP port range, e.g. 8801-8810 (BEEP_MEDIA_PORTS).")
    var mediaPorts: String = ProcessInfo.processInfo.environment["BEEP_MEDIA_PORTS"] ?? "8801-8810"

    @Option(help: "Folder of the web client's files (BEEP_WEB_ROOT); default ./web, else the source tree's.")
    var webRoot: String? = ProcessInfo.processInfo.environment["BEEP_WEB_ROOT"]

    @OptionGroup var turn: TURNOptions

    @Option(help: "This process's node id, 0-1023, unique among beep processes sharing one database (BEEP_NODE_ID).")
    var nodeId: UInt16 = ProcessInfo.processInfo.environment["BEEP_NODE_ID"].flatMap(UInt16.init) ?? 0

    @Option(help: "Use a separate media node, e.g. grpc://127.0.0.1:9090 (BEEP_SFU_URL); then beep binds no media ports.")
    var sfuUrl: String? = ProcessInfo.processInfo.environment["BEEP_SFU_URL"].flatMap { $0.isEmpty ? nil : $0 }

    func run() async throws {
        LoggingBootstrap.bootstrap(service: "beep")
        let logger = Logger(label: "beep")
        let turnSetup = try turn.makeSetup(mediaHost: mediaHost, logger: Logger(label: "beep.turn"))
        let callKey = try JoinTokenKeyStore.loadOrCreate(environment: ProcessInfo.processInfo.environment,
                                                         dataDirectory: URL(fileURLWithPath: "data"))
        let hub = callHub(key: callKey, iceServers: turnSetup?.joinCredentials.issuer ?? .none)
        guard nodeId <= 1023 else { throw ValidationError("--node-id must be 0-1023") }
        let platform = try await PlatformServices.open(dataDirectory: "data", nodeID: nodeId, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        let devEcho: DevEchoHandler?
        let admin: AdminEndpoints?
        if let sfuUrl {
            let address: SFUAddress
            do { address = try SFUAddress(url: sfuUrl) } catch { throw ValidationError("--sfu-url: \(error)") }
            let remote = RemoteSFU(address: address, logger: Logger(label: "beep.sfu-client")) { hub.submit($0) }
            hub.attachMedia { command in
                platform.relay.observeCall(command)
                remote.send(command)
            }
            services.append(.init(service: remote))
            if ProcessInfo.processInfo.environment["BEEP_DEV_ECHO"] == "1" {
                logger.warning("BEEP_DEV_ECHO ignored: /dev/echo needs the in-process media server (no --sfu-url)")
            }
            devEcho = nil
            // beep-sfu serves the media figures (--admin-port); beep serves the tuning and its state.
            admin = try adminEndpoints(hub: hub, logger: logger, media: { NodeStats(rooms: [], workers: []) },
                                       mediaActions: { _, _, _, _ in nil })
        } else {
            guard let ports = PortRangeText.parse(mediaPorts) else {
                throw ValidationError("--media-ports must look like 8801-8810 (1-65535)")
            }
            let media = MediaServer(configuration: MediaServerConfiguration(host: mediaHost, ports: ports),
                                    logger: Logger(label: "beep.media"))
            try await media.start()
            let certificate = try DTLSCertificate()
            let loopback = mediaHost.hasPrefix("127.") || mediaHost == "::1"
            let coordinator = CallMediaCoordinator(media: media, certificate: certificate,
                                                   addressPolicy: loopback ? .loopbackOnly : .any,
                                                   signal: { hub.submit($0) })
            hub.attachMedia { command in
                platform.relay.observeCall(command)
                coordinator.handle(command)
            }
            services.append(.init(service: media))
            devEcho = try devEchoHandler(media: media, certificate: certificate, logger: logger)
            let testHooks = CallMediaCoordinator.testHooksRequested(ProcessInfo.processInfo.environment)
            if testHooks { logger.warning("test hooks enabled (BEEP_TEST_HOOKS=1): POST /admin/test/link can shape media; never in production") }
            admin = try adminEndpoints(hub: hub, logger: logger, media: { await coordinator.nodeStats() },
                                       mediaActions: { name, body, actor, audit in
                                           await coordinator.performAuditedAdminAction(
                                               name, body: body, actor: actor, testHooks: testHooks, audit: audit)
                                       })
        }
        let gateway = Gateway.makeApplication(
            configuration: GatewayConfiguration(host: host, port: port),
            version: Self.version, devEcho: devEcho,
            callPageFolder: WebRoot.resolve(webRoot).appendingPathComponent("call"),
            webAppFolder: WebRoot.resolve(webRoot).appendingPathComponent("app"),
            webSocket: callEndpoint(hub), webSockets: [platform.events.endpoint], admin: admin,
            platform: platform.routes(callTokenKey: callKey), logger: logger)
        services += [.init(service: hub), .init(service: platform.events), .init(service: platform.relay),
                     .init(service: gateway)]
        // Services stop in reverse order: the database last, so the others can still write
        // while they stop (the relay ends this process's presence leases).
        services.insert(.init(service: DatabaseLifecycle(database: platform.database)), at: 0)
        if let turnServer = turnSetup?.server {
            try await turnServer.start()
            services.append(.init(service: turnServer))
        }
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.notice("starting", metadata: [
            "http": "\(host):\(port)", "version": "\(Self.version)",
            "media": sfuUrl.map { "remote \($0)" } ?? "\(mediaHost):\(mediaPorts)",
            "turn": "\(turn.disabled ? "off" : turn.turnPorts)",
        ])
        try await group.run()
        logger.notice("stopped")
    }

    /// The admin API: `media()`'s statistics with the hub's tuning, `/metrics`, and the tuning
    /// changes, recorded in `data/audit.log`; `mediaActions` answers the media node's own actions
    /// (subscriber limits, the test hook) or returns nil for the hub's.
    private func adminEndpoints(
        hub: CallSignallingHub, logger: Logger, media: @escaping @Sendable () async -> NodeStats,
        mediaActions: @escaping @Sendable (String, Data, String, AuditLog) async -> (status: Int, json: String)?
    ) throws -> AdminEndpoints {
        let data = URL(fileURLWithPath: "data")
        let audit = AuditLog(dataDirectory: data, logger: Logger(label: "beep.audit"))
        let administration = CallAdministration(hub: hub, audit: audit)
        return try AdminEndpoints.serving(
            stats: {
                var stats = await media()
                stats.tuning = await hub.tuning()
                return stats
            },
            metrics: PrometheusExposition.render, environment: ProcessInfo.processInfo.environment,
            dataDirectory: data,
            actions: { call in
                if let result = await mediaActions(call.action, call.body, call.actor, audit) {
                    return AdminActionResult(status: result.status, json: result.json)
                }
                let result = await administration.perform(action: call.action, room: call.room,
                                                          participant: call.participant, body: call.body, actor: call.actor)
                return AdminActionResult(status: result.status, json: result.json)
            })
    }

    /// `POST /dev/echo` when `BEEP_DEV_ECHO=1`; never in production.
    private func devEchoHandler(media: MediaServer, certificate: DTLSCertificate, logger: Logger) throws -> DevEchoHandler? {
        guard ProcessInfo.processInfo.environment["BEEP_DEV_ECHO"] == "1" else { return nil }
        logger.warning("development echo endpoint enabled: POST /dev/echo")
        let loopback = mediaHost.hasPrefix("127.") || mediaHost == "::1"
        let echo = DevEchoService(directory: media.directory, candidates: { media.boundAddresses },
                                  certificate: certificate,
                                  addressPolicy: loopback ? .loopbackOnly : .any)
        return { offer, profiles in try echo.answer(offer: offer, profileNames: profiles) }
    }

    /// The call signalling hub owning the rooms (media is attached by ``run()``); participants
    /// entering a call get the TURN servers `iceServers` issues; the resume grace period comes
    /// from `BEEP_CALL_RESUME_GRACE_SECONDS`.
    private func callHub(key: Curve25519.Signing.PrivateKey, iceServers: ICEServerIssuer) -> CallSignallingHub {
        CallSignallingHub(verifier: JoinTokenVerifier(publicKey: key.publicKey), iceServerIssuer: iceServers,
                          configuration: .fromEnvironment(ProcessInfo.processInfo.environment),
                                 logger: Logger(label: "beep.calls"))
    }

    /// Call signalling on `/call/ws`, served by `hub`.
    private func callEndpoint(_ hub: CallSignallingHub) -> WebSocketEndpoint {
        WebSocketEndpoint(
            path: "/call/ws",
            open: { let (id, frames) = hub.open(); return (id.rawValue, frames) },
            receivedText: { id, text in hub.submit(.frame(ConnectionID(rawValue: id), Array(text.utf8))) },
            receivedBinary: { id in hub.submit(.binaryFrame(ConnectionID(rawValue: id))) },
            closed: { id in hub.submit(.disconnected(ConnectionID(rawValue: id))) })
    }
}

/// Where the web client's files are.
enum WebRoot {
    /// `explicit`, else `./web` when it exists, else the source tree's `web/` (development builds).
    static func resolve(_ explicit: String?) -> URL {
        if let explicit { return URL(fileURLWithPath: explicit) }
        if FileManager.default.fileExists(atPath: "web/call/index.html") { return URL(fileURLWithPath: "web") }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("web")
    }
}
