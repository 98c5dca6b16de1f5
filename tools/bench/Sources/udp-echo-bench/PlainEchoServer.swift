import NIOCore
import NIOPosix

/// The baseline: a plain SwiftNIO datagram echo with the same socket options as Beep's
/// `MediaServer` (SO_RCVBUF, vector reads, receive buffer sized for whole datagrams), which
/// writes each received buffer straight back to its sender.
final class PlainEchoServer: EchoServer {
    static let displayName = "plain NIO echo"
    var name: String { Self.displayName }
    let port: UInt16
    let cpuClock: ThreadCPUClock
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Binds 127.0.0.1 on an ephemeral port with Beep's defaults for the socket options.
    init(receiveBufferBytes: Int, vectorReadCount: Int, maximumDatagramSize: Int) async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        channel = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferBytes))
            .channelOption(.datagramVectorReadMessageCount, value: vectorReadCount)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(
                capacity: vectorReadCount * maximumDatagramSize))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(PlainEchoHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let bound = channel.localAddress?.port, let port = UInt16(exactly: bound) else {
            throw BenchFailure(description: "plain echo: no bound port")
        }
        self.port = port
        cpuClock = try await ThreadCPUClock(of: group.next())
    }

    func admit(clientSocket fd: Int32) throws {}

    func stop() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }
}

/// Writes every datagram back to where it came from; flushes once per read burst.
private final class PlainEchoHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: envelope.data)),
                      promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors (a client that went away) leave a UDP socket usable.
    }
}
