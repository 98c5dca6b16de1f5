import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle

/// The media node's gRPC server (HTTP/2 over TCP, plaintext: bind it to loopback or a private
/// network) as a `Service`: on graceful shutdown the open control stream ends, then the server
/// stops.
public struct SFUControlServer: Service {
    private let server: GRPCServer<HTTP2ServerTransport.Posix>
    private let transport: HTTP2ServerTransport.Posix
    private let relay: SFUEventRelay

    /// A server for `service` on `host:port` (port 0: any free port, see ``listeningPort()``).
    public init(host: String, port: Int, service: SFUControlService, relay: SFUEventRelay) {
        let address: GRPCNIOTransportCore.SocketAddress = host.contains(":")
            ? .ipv6(host: host, port: port) : .ipv4(host: host, port: port)
        transport = .http2NIOPosix(address: address, transportSecurity: .plaintext)
        server = GRPCServer(transport: transport, services: [service])
        self.relay = relay
    }

    /// Serves until graceful shutdown.
    public func run() async throws {
        let server = self.server
        let relay = self.relay
        try await withGracefulShutdownHandler {
            try await server.serve()
        } onGracefulShutdown: {
            relay.close()
            server.beginGracefulShutdown()
        }
    }

    /// The bound TCP port, once the server listens.
    public func listeningPort() async throws -> Int? {
        let address = try await transport.listeningAddress
        return address.ipv4?.port ?? address.ipv6?.port
    }
}
