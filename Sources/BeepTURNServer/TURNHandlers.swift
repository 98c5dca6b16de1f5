import BeepNIOAddress
import BeepSTUN
import BeepTURN
import NIOCore

/// Reads client datagrams on a TURN UDP port (3478, 3479) into the core.
final class TURNClientDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let core: TURNDriverCore
    private let local: STUNAddress

    init(core: TURNDriverCore, local: STUNAddress) {
        self.core = core
        self.local = local
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let client = SocketAddressConversion.stunAddress(envelope.remoteAddress) else { return }
        core.clientDatagram(Array(envelope.data.readableBytesView), from: client, local: local)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors (ECONNREFUSED) and the like: a datagram socket keeps serving.
    }
}

/// Reads one client's TCP connection, or its TLS connection behind the TLS handler (RFC 8656
/// §3.1; the framing is done by the core's server, the same for both).
final class TURNClientStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let core: TURNDriverCore
    private let local: STUNAddress
    private let transport: TURNTransport
    private var fiveTuple: TURNFiveTuple?

    init(core: TURNDriverCore, local: STUNAddress, transport: TURNTransport) {
        self.core = core
        self.local = local
        self.transport = transport
    }

    func channelActive(context: ChannelHandlerContext) {
        guard let remote = context.remoteAddress.flatMap(SocketAddressConversion.stunAddress) else {
            context.close(promise: nil)
            return
        }
        let tuple = TURNFiveTuple(transport: transport, client: remote, server: local)
        fiveTuple = tuple
        core.connectionOpened(context.channel, fiveTuple: tuple)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let fiveTuple else { return }
        let buffer = unwrapInboundIn(data)
        core.streamBytes(Array(buffer.readableBytesView), on: fiveTuple)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let fiveTuple { core.connectionClosed(fiveTuple) }
        fiveTuple = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Reads datagrams from peers arriving at one allocation's relay socket.
final class TURNRelayHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let core: TURNDriverCore
    private let relayed: STUNAddress

    init(core: TURNDriverCore, relayed: STUNAddress) {
        self.core = core
        self.relayed = relayed
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let peer = SocketAddressConversion.stunAddress(envelope.remoteAddress) else { return }
        core.peerDatagram(Array(envelope.data.readableBytesView), relayed: relayed, from: peer)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
