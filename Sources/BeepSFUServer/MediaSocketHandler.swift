import BeepNIOAddress
import BeepSTUN
import BeepWire
import NIOCore

/// Owns one UDP socket of the media port range and every session bound to it (DESIGN.md rule
/// 2: one owner per hot object). Runs only on its channel's event loop.
///
/// A datagram from a known 5-tuple goes straight to its session. A datagram from an unknown
/// 5-tuple binds it only when it is a STUN Binding request whose USERNAME names a known local
/// ufrag and whose MESSAGE-INTEGRITY verifies with that session's password (RFC 8445 §7.3);
/// anything else from an unknown address is dropped and counted.
final class MediaSocketHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private struct HostedSession {
        let session: any UDPSession
        let localPassword: String
    }

    private let directory: SessionDirectory
    private let counters: MediaSocketCounters
    private let transit: NIOLoopBoundBox<TransitTimeHistogram>
    /// Read times of this read batch's RTP datagrams, recorded into `transit` at the flush.
    private var batchRTPReadTimes: [MonotonicTime] = []
    private let tick: TimeAmount
    private var localAddress: STUNAddress?
    private var sessionsByRemote: [SocketAddress: (session: any UDPSession, remote: STUNAddress)] = [:]
    private var sessionsByUfrag: [String: HostedSession] = [:]
    private var socketAddresses: [STUNAddress: SocketAddress] = [:]
    private var timer: RepeatedTask?

    init(directory: SessionDirectory, counters: MediaSocketCounters, transit: NIOLoopBoundBox<TransitTimeHistogram>,
         tick: TimeAmount) {
        self.directory = directory
        self.counters = counters
        self.transit = transit
        self.tick = tick
        batchRTPReadTimes.reserveCapacity(64)
    }

    static func now() -> MonotonicTime {
        MonotonicTime(nanoseconds: Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in
            handler.value.runTimers(context: boundContext.value)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    /// The socket's bound address as sessions see it (`to:` of every datagram).
    private func boundAddress(_ context: ChannelHandlerContext) -> STUNAddress? {
        if let localAddress { return localAddress }
        localAddress = context.channel.localAddress.flatMap(SocketAddressConversion.stunAddress)
        return localAddress
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        counters.datagramsReceived.add(1)
        let bytes = Array(envelope.data.readableBytesView)
        let now = Self.now()
        if let bound = sessionsByRemote[envelope.remoteAddress] {
            if Self.isRTP(bytes) { batchRTPReadTimes.append(now) }
            deliver(bytes, to: bound.session, from: bound.remote, now: now, context: context)
            return
        }
        guard let local = boundAddress(context),
              let (session, remote) = bindNewSource(bytes, from: envelope.remoteAddress, local: local, now: now) else {
            counters.datagramsDroppedUnknownSource.add(1)
            return
        }
        deliver(bytes, to: session, from: remote, now: now, context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // A datagram for one session can make others send (an SFU forwards to every
        // subscriber in the room): drain them all once per read batch.
        for hosted in sessionsByUfrag.values { drain(hosted.session, context: context) }
        context.flush()
        let flushed = Self.now()
        for hosted in sessionsByUfrag.values { hosted.session.didFlush(now: flushed) }
        recordTransitTimes(flushed: flushed)
        context.fireChannelReadComplete()
    }

    /// RTP, not RTCP: first byte 128-191 (RFC 7983 §7) and a second byte outside the RTCP
    /// packet types 192-223 (RFC 5761 §4).
    static func isRTP(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && (128...191).contains(bytes[0]) && !(192...223).contains(bytes[1])
    }

    /// Every RTP datagram of the batch left with the flush: its transit time ends now.
    private func recordTransitTimes(flushed: MonotonicTime) {
        guard !batchRTPReadTimes.isEmpty else { return }
        for read in batchRTPReadTimes { transit.value.record(nanoseconds: flushed.nanoseconds &- read.nanoseconds) }
        batchRTPReadTimes.removeAll(keepingCapacity: true)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port-unreachable and similar surface here on Linux; a UDP socket stays usable.
        counters.socketErrors.add(1)
    }

    /// Validates a first datagram from an unknown 5-tuple and binds the 5-tuple to its session.
    private func bindNewSource(
        _ bytes: [UInt8], from socketAddress: SocketAddress, local: STUNAddress, now: MonotonicTime
    ) -> (any UDPSession, STUNAddress)? {
        guard STUNMessage.isSTUN(bytes),
              let message = try? STUNMessage.parse(bytes),
              message.method == .binding, message.messageClass == .request,
              let username = message.username,
              let localUfrag = username.split(separator: ":", maxSplits: 1).first.map(String.init),
              let remote = SocketAddressConversion.stunAddress(socketAddress) else { return nil }
        // After an ICE restart the peer names the new ufrag; the session stays hosted under
        // its first one (RFC 8445 §9), and the new password keys the check.
        var hostingUfrag = localUfrag
        var restartPassword: String?
        if sessionsByUfrag[localUfrag] == nil, let restart = directory.restart(localUfrag: localUfrag) {
            hostingUfrag = restart.hostingUfrag
            restartPassword = restart.localPassword
        }
        let hosted: HostedSession
        if let existing = sessionsByUfrag[hostingUfrag] {
            let password = restartPassword ?? existing.localPassword
            guard message.verifyIntegrity(key: .shortTerm(password: password)) else { return nil }
            hosted = existing
        } else {
            guard let pending = directory.lookup(localUfrag: hostingUfrag),
                  message.verifyIntegrity(key: .shortTerm(password: restartPassword ?? pending.localPassword)),
                  let claimed = directory.claim(localUfrag: hostingUfrag) else { return nil }
            hosted = HostedSession(session: claimed.makeSession(local, now), localPassword: claimed.localPassword)
            sessionsByUfrag[hostingUfrag] = hosted
            counters.sessionsHosted.add(1)
        }
        sessionsByRemote[socketAddress] = (hosted.session, remote)
        socketAddresses[remote] = socketAddress
        return (hosted.session, remote)
    }

    private func deliver(_ bytes: [UInt8], to session: any UDPSession, from remote: STUNAddress,
                         now: MonotonicTime, context: ChannelHandlerContext) {
        guard let local = boundAddress(context) else { return }
        session.handleDatagram(bytes, from: remote, to: local, now: now)
        drain(session, context: context)
    }

    private func drain(_ session: any UDPSession, context: ChannelHandlerContext) {
        while let transmit = session.pollTransmit() {
            guard let destination = socketAddresses[transmit.destination]
                    ?? SocketAddressConversion.socketAddress(transmit.destination) else { continue }
            var buffer = context.channel.allocator.buffer(capacity: transmit.bytes.count)
            buffer.writeBytes(transmit.bytes)
            context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: destination, data: buffer)), promise: nil)
            counters.datagramsSent.add(1)
        }
    }

    /// Fires due deadlines, sends what they produce, and forgets closed sessions.
    private func runTimers(context: ChannelHandlerContext) {
        let now = Self.now()
        var wrote = false
        for hosted in sessionsByUfrag.values {
            if let deadline = hosted.session.pollTimeout(), deadline <= now {
                hosted.session.handleTimeout(now: now)
            }
            drain(hosted.session, context: context)
            wrote = true
        }
        if wrote {
            context.flush()
            let flushed = Self.now()
            for hosted in sessionsByUfrag.values { hosted.session.didFlush(now: flushed) }
        }
        forgetClosedSessions()
    }

    private func forgetClosedSessions() {
        let closed = sessionsByUfrag.filter { $0.value.session.isClosed }
        guard !closed.isEmpty else { return }
        for (ufrag, hosted) in closed {
            sessionsByUfrag.removeValue(forKey: ufrag)
            sessionsByRemote = sessionsByRemote.filter { $0.value.session !== hosted.session }
            counters.sessionsHosted.add(-1)
        }
    }
}
