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

    /// A user event asking the handler to drain its sessions and re-plan its timer now
    /// (``MediaServer/serviceSessions(boundTo:)``).
    struct ServiceSessions: Sendable {}

    private struct HostedSession {
        let session: any UDPSession
        let localPassword: String
    }

    private let directory: SessionDirectory
    private let counters: MediaSocketCounters
    private let transit: NIOLoopBoundBox<TransitTimeHistogram>
    /// Read times of this read batch's RTP datagrams, recorded into `transit` at the flush.
    private var batchRTPReadTimes: [MonotonicTime] = []
    /// Sessions that received a datagram in this read batch: their deadlines may have moved.
    private var batchReceivers: [any UDPSession] = []
    /// Sessions that handed over a datagram since the last flush (told by `didFlush`).
    private var sendersSinceFlush: [any UDPSession] = []
    private let timerPlan: SocketTimerPlan
    private var localAddress: STUNAddress?
    private var sessionsByRemote: [SocketAddress: (session: any UDPSession, remote: STUNAddress)] = [:]
    private var sessionsByUfrag: [String: HostedSession] = [:]
    private var socketAddresses: [STUNAddress: SocketAddress] = [:]
    /// The one timer of the socket, armed only while it hosts sessions (``SocketTimerPlan``).
    private var timer: Scheduled<Void>?
    /// When the armed timer fires.
    private var timerFireTime: MonotonicTime?
    /// When the timer last ran.
    private var lastTimerRun: MonotonicTime?

    init(directory: SessionDirectory, counters: MediaSocketCounters, transit: NIOLoopBoundBox<TransitTimeHistogram>,
         timerPlan: SocketTimerPlan) {
        self.directory = directory
        self.counters = counters
        self.transit = transit
        self.timerPlan = timerPlan
        batchRTPReadTimes.reserveCapacity(64)
        batchReceivers.reserveCapacity(32)
        sendersSinceFlush.reserveCapacity(64)
    }

    static func now() -> MonotonicTime {
        MonotonicTime(nanoseconds: Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        timerFireTime = nil
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
        // Only the sessions that received or sent something can have moved their deadlines
        // earlier (a paced or shaped sender's next release); the others keep theirs until the
        // timer's next run.
        let touched = !batchReceivers.isEmpty || !sendersSinceFlush.isEmpty
        var earliest: MonotonicTime?
        for session in batchReceivers { earliest = .earliest(earliest, session.pollTimeout()) }
        for session in sendersSinceFlush { earliest = .earliest(earliest, session.pollTimeout()) }
        batchReceivers.removeAll(keepingCapacity: true)
        let flushed = flushWrites(context: context)
        recordTransitTimes(flushed: flushed)
        if touched { armTimer(at: earliest, now: flushed, context: context) }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ServiceSessions {
            runTimers(context: context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Flushes the socket if something was written since the last flush, and tells the sessions
    /// that wrote; returns the time of the flush.
    @discardableResult
    private func flushWrites(context: ChannelHandlerContext) -> MonotonicTime {
        guard !sendersSinceFlush.isEmpty else { return Self.now() }
        context.flush()
        let flushed = Self.now()
        for session in sendersSinceFlush { session.didFlush(now: flushed) }
        sendersSinceFlush.removeAll(keepingCapacity: true)
        return flushed
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
        if !batchReceivers.contains(where: { $0 === session }) { batchReceivers.append(session) }
        drain(session, context: context)
    }

    private func drain(_ session: any UDPSession, context: ChannelHandlerContext) {
        var wrote = false
        while let transmit = session.pollTransmit() {
            guard let destination = socketAddresses[transmit.destination]
                    ?? SocketAddressConversion.socketAddress(transmit.destination) else { continue }
            var buffer = context.channel.allocator.buffer(capacity: transmit.bytes.count)
            buffer.writeBytes(transmit.bytes)
            context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: destination, data: buffer)), promise: nil)
            counters.datagramsSent.add(1)
            wrote = true
        }
        if wrote, !sendersSinceFlush.contains(where: { $0 === session }) { sendersSinceFlush.append(session) }
    }

    /// Arms the timer to fire at `deadline` (as ``SocketTimerPlan`` bounds it) unless it already
    /// fires at or before that time.
    private func armTimer(at deadline: MonotonicTime?, now: MonotonicTime, context: ChannelHandlerContext) {
        let fireTime = timerPlan.fireTime(earliestDeadline: deadline, lastRun: lastTimerRun, now: now)
        if let armed = timerFireTime, timer != nil, armed <= fireTime { return }
        timer?.cancel()
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        timerFireTime = fireTime
        timer = context.eventLoop.scheduleTask(
            deadline: NIODeadline.uptimeNanoseconds(UInt64(clamping: max(0, fireTime.nanoseconds)))
        ) {
            handler.value.timerFired(context: boundContext.value)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        timerFireTime = nil
        runTimers(context: context)
    }

    /// Fires due deadlines, sends what they (and anything queued outside a read batch) produce,
    /// forgets closed sessions, and re-arms the timer while sessions remain.
    private func runTimers(context: ChannelHandlerContext) {
        let now = Self.now()
        lastTimerRun = now
        counters.timerRuns.add(1)
        for hosted in sessionsByUfrag.values {
            if let deadline = hosted.session.pollTimeout(), deadline <= now {
                hosted.session.handleTimeout(now: now)
            }
            drain(hosted.session, context: context)
        }
        flushWrites(context: context)
        forgetClosedSessions()
        guard !sessionsByUfrag.isEmpty else {
            timer?.cancel()
            timer = nil
            timerFireTime = nil
            return
        }
        var earliest: MonotonicTime?
        for hosted in sessionsByUfrag.values { earliest = .earliest(earliest, hosted.session.pollTimeout()) }
        armTimer(at: earliest, now: now, context: context)
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
