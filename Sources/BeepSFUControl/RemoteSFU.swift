import BeepCalls
import BeepSFUControlProto
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle
import Synchronization

/// Signalling's client of a media node (`beep --sfu-url`): keeps one `SFUControl.Connect`
/// stream open, sends ``send(_:)``'s commands down it and hands the node's events to `submit`
/// (the signalling hub). When the stream fails it reconnects after a second; commands given
/// while no stream is open are dropped with a warning (the node has by then removed the
/// participants of the old stream).
public final class RemoteSFU: Service, Sendable {
    private let address: SFUAddress
    private let submit: @Sendable (CallInput) -> Void
    private let logger: Logger
    private let current = Mutex<AsyncStream<MediaCommand>.Continuation?>(nil)

    /// A client of the node at `address`; events go to `submit`.
    public init(address: SFUAddress, logger: Logger, submit: @escaping @Sendable (CallInput) -> Void) {
        self.address = address
        self.submit = submit
        self.logger = logger
    }

    /// Whether a stream is being opened or is open: from then on ``send(_:)`` queues commands
    /// instead of dropping them (they are written once the stream opens).
    public var hasStream: Bool { current.withLock { $0 != nil } }

    /// Queues `command` on the open stream.
    public func send(_ command: MediaCommand) {
        guard let continuation = current.withLock({ $0 }) else {
            logger.warning("no control stream to the SFU; command dropped", metadata: ["sfu": "\(address)"])
            return
        }
        continuation.yield(command)
    }

    /// Connects and reconnects until graceful shutdown.
    public func run() async throws {
        let target: any ResolvableTarget = address.host.contains(":")
            ? .ipv6(host: address.host, port: address.port) : .ipv4(host: address.host, port: address.port)
        try await withGRPCClient(transport: .http2NIOPosix(target: target, transportSecurity: .plaintext)) { client in
            let sfu = Beep_Sfu_V1_SFUControl.Client(wrapping: client)
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await self.connectOnce(sfu)
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// One Connect stream, until it ends.
    private func connectOnce(_ sfu: Beep_Sfu_V1_SFUControl.Client<HTTP2ClientTransport.Posix>) async {
        let (commands, continuation) = AsyncStream.makeStream(of: MediaCommand.self)
        current.withLock { $0 = continuation }
        let submit = self.submit
        let logger = self.logger
        do {
            try await sfu.connect { writer in
                for await command in commands { try await writer.write(command.proto) }
            } onResponse: { response in
                logger.notice("control stream to the SFU open", metadata: ["sfu": "\(self.address)"])
                defer { continuation.finish() }
                for try await message in response.messages {
                    do {
                        submit(try MediaEvent.input(message))
                    } catch {
                        logger.warning("refused SFU event", metadata: ["error": "\(error)"])
                    }
                }
            }
        } catch {
            if !Task.isCancelled {
                logger.warning("control stream to the SFU failed", metadata: ["sfu": "\(address)", "error": "\(error)"])
            }
        }
        current.withLock { $0 = nil }
        continuation.finish()
    }
}
