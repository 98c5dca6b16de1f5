import BeepNIOAddress
import NIOCore

/// Hands every datagram of the bot's media socket to its engine (on the channel's loop).
final class BotDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let engine: NIOLoopBound<BotEngine>

    init(engine: NIOLoopBound<BotEngine>) {
        self.engine = engine
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let remote = SocketAddressConversion.stunAddress(envelope.remoteAddress) else { return }
        engine.value.receiveDatagram(Array(envelope.data.readableBytesView), from: remote)
    }
}
