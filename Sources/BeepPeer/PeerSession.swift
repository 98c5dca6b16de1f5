import BeepDTLS
import BeepICE
import BeepRTCP
import BeepRTP
import BeepSRTP
import BeepSTUN
import BeepWire

/// One WebRTC peer on a shared port, sans-IO: RFC 7983 demultiplexing, ICE, DTLS and SRTP
/// behind one type. The driver feeds datagrams and timeouts with `now`; the session answers
/// with datagrams, events and its next deadline.
///
/// DTLS, RTP and RTCP are accepted only from addresses ICE has validated (a check answered
/// with success, a peer-reflexive candidate, or the selected pair), RFC 8445 §7.3 and
/// RFC 7675 §4; STUN goes to the ICE agent from anywhere, which authenticates it.
///
/// With TURN servers in the ICE configuration (a full agent, the bot), the session gathers a
/// relayed candidate at once (RFC 8445 §5.1.1.2): datagrams from a TURN server go to the ICE
/// agent, which hands back what peers sent through the relay, and DTLS and SRTP on a relayed
/// selected pair leave through the agent's TURN client (Send indications or ChannelData,
/// RFC 8656 §11-§12).
public final class PeerSession {
    /// The ICE agent (read its state, candidates and counters).
    public let ice: ICEAgent
    /// The DTLS endpoint.
    public let dtls: DTLSEndpoint
    /// Drop and error counters.
    public private(set) var counters = PeerCounters()
    /// The SRTP profile once DTLS has keyed SRTP.
    public private(set) var srtpProfile: SRTPProfile?

    private var srtp: SRTPContext?
    private var rtcp: RTCPBookkeeping?
    private var validatedRemotes: Set<STUNAddress> = []
    private var lastLocal: STUNAddress?
    private var lastMediaRemote: STUNAddress?
    private var transmits = PollQueue<PeerTransmit>()
    private var events = PollQueue<PeerEvent>()
    private var dtlsStarted = false
    private var finished = false
    /// True when the ICE agent has TURN servers: media may have to go through a relay.
    private let relaying: Bool
    /// The latest `now` passed in, for sends that take none (``sendRTCP(_:)``, ``close()``).
    private var lastNow: MonotonicTime

    /// A session ready for its first datagram; ICE draws its tie-breaker, transaction IDs and
    /// consent jitter from the system's random generator.
    public convenience init(configuration: PeerSessionConfiguration, now: MonotonicTime) throws(DTLSError) {
        try self.init(configuration: configuration, now: now, random: SystemRandomNumberGenerator())
    }

    /// A session whose ICE agent draws its randomness from `random` (a seeded generator makes
    /// virtual-time tests replay the same consent schedule, RFC 7675 §5.1).
    public init(configuration: PeerSessionConfiguration, now: MonotonicTime,
                random: some RandomNumberGenerator) throws(DTLSError) {
        var random = random
        let rtcpSeed = random.next()
        rtcp = configuration.rtcp.map { RTCPBookkeeping(configuration: $0, random: SplitMix64(seed: rtcpSeed)) }
        relaying = !configuration.ice.turnServers.isEmpty
        lastNow = now
        ice = ICEAgent(configuration: configuration.ice, now: now, random: random)
        ice.setRemoteCredentials(configuration.remoteCredentials)
        for candidate in configuration.localCandidates { ice.addLocalCandidate(candidate) }
        for candidate in configuration.remoteCandidates { _ = ice.addRemoteCandidate(candidate) }
        dtls = try DTLSEndpoint(role: configuration.dtlsRole, certificate: configuration.certificate,
                                remoteFingerprint: configuration.remoteFingerprint,
                                profiles: configuration.srtpProfiles, mtu: configuration.mtu)
        if relaying { ice.gatherRelayCandidates(now: now) }
        drainICE(now: now)
    }

    /// True after a failure or a close: the driver may forget the session.
    public var isFinished: Bool { finished }

    /// A datagram arrived from `remote` on the socket bound to `local`.
    public func handleDatagram(_ bytes: [UInt8], from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        guard !finished else { return }
        lastNow = max(lastNow, now)
        if relaying, ice.isTURNServer(remote) { return handleTURNServerDatagram(bytes, from: remote, now: now) }
        lastLocal = local
        let packetClass = PacketClass.of(bytes)
        switch packetClass {
        case .stun:
            guard let message = try? STUNMessage.parse(bytes) else {
                counters.malformedSTUN += 1
                return
            }
            ice.handleSTUN(message, from: remote, to: local, now: now)
            drainICE(now: now)
        case .dtls, .rtp, .rtcp, .zrtp, .turnChannel, .unknown:
            handleMedia(bytes, class: packetClass, from: remote, now: now)
        }
    }

    /// A datagram from a TURN server: the ICE agent's TURN client takes it; what a peer sent
    /// through the relay (DTLS, SRTP) comes back out and is handled as if the peer had sent it
    /// directly (RFC 8656 §10-§12).
    private func handleTURNServerDatagram(_ bytes: [UInt8], from server: STUNAddress, now: MonotonicTime) {
        ice.handleTURNServerData(bytes, from: server, now: now)
        drainICE(now: now)
        while !finished, let relayed = ice.pollRelayedData() {
            handleMedia(relayed.bytes, class: PacketClass.of(relayed.bytes), from: relayed.remote, now: now)
        }
    }

    /// DTLS, RTP or RTCP from `remote` (validated by ICE), or a class WebRTC does not use here.
    private func handleMedia(_ bytes: [UInt8], class packetClass: PacketClass, from remote: STUNAddress,
                             now: MonotonicTime) {
        switch packetClass {
        case .dtls:
            guard validatedRemotes.contains(remote) else { return dropUnvalidated() }
            lastMediaRemote = remote
            dtlsStarted = true
            dtls.handleDatagram(bytes, now: now)
            drainDTLS(now: now)
        case .rtp, .rtcp:
            guard validatedRemotes.contains(remote) else { return dropUnvalidated() }
            lastMediaRemote = remote
            unprotect(bytes, isRTCP: packetClass == .rtcp, now: now)
        case .stun, .zrtp, .turnChannel, .unknown:
            counters.droppedUnknownClass += 1
        }
    }

    /// A deadline from ``pollTimeout()`` passed.
    public func handleTimeout(now: MonotonicTime) {
        guard !finished else { return }
        lastNow = max(lastNow, now)
        if let deadline = ice.pollTimeout(), deadline <= now {
            ice.handleTimeout(now: now)
            drainICE(now: now)
        }
        if let deadline = dtls.pollTimeout(), deadline <= now {
            dtls.handleTimeout(now: now)
            drainDTLS(now: now)
        }
        if let deadline = rtcp?.nextReportTime, deadline <= now, let report = rtcp?.dueReport(now: now) {
            sendRTCP(report)
        }
    }

    /// Encrypts and sends an RTP packet to the peer; false when SRTP is not keyed yet or the
    /// packet is not valid RTP. With RTCP configured, the packet counts for sender reports and
    /// is kept to answer NACKs (unless ``PeerRTCPConfiguration/keepsSendHistory`` is off).
    ///
    /// The packet is protected in place when the caller hands over its only reference and
    /// leaves `SRTPContext.maximumRTPTrailer` spare capacity (the SFU's forwarding path does):
    /// no copy, no allocation on Beep's side.
    @discardableResult
    public func sendRTP(_ packet: consuming [UInt8], now: MonotonicTime) -> Bool {
        lastNow = max(lastNow, now)
        guard let srtp, !finished else { return false }
        let header = try? RTPHeaderView(parsing: copy packet)
        // Kept for the history, the plaintext shares the buffer: protecting below copies it.
        let plaintext: [UInt8]? = rtcp?.configuration.keepsSendHistory == true ? copy packet : nil
        do {
            try srtp.protectRTP(&packet)
        } catch {
            return false
        }
        guard queueMedia(packet) else { return false }
        if let header { rtcp?.sent(rtp: header, now: now) }
        if let plaintext { rtcp?.remember(rtp: plaintext, now: now) }
        return true
    }

    /// Sends again the packets a NACK asks for that are still in the send history (RFC 4585
    /// §6.2.1); returns how many. Needs RTCP configured.
    @discardableResult
    public func retransmit(for nack: GenericNACK, now: MonotonicTime) -> Int {
        lastNow = max(lastNow, now)
        let packets = rtcp?.retransmissions(for: nack, now: now) ?? []
        return packets.filter { protectAndQueue($0, isRTCP: false) }.count
    }

    /// The latest round-trip time from the peer's report blocks (RFC 3550 §6.4.1), if any.
    public var roundTripTime: Duration? { rtcp?.roundTripTime }

    /// Encrypts and sends an RTCP compound packet; false when SRTP is not keyed yet.
    @discardableResult
    public func sendRTCP(_ packet: [UInt8]) -> Bool { protectAndQueue(packet, isRTCP: true) }

    /// Sends close_notify and closes ICE.
    public func close() {
        guard !finished else { return }
        dtls.close()
        while let datagram = dtls.pollTransmit() { queueMedia(datagram) }
        ice.close()
        // The allocations' releases (RFC 8656 §8) go out with the close.
        if relaying { moveICETransmits() }
        finished = true
    }

    /// The next datagram to send.
    public func pollTransmit() -> PeerTransmit? { transmits.poll() }

    /// The next event.
    public func pollEvent() -> PeerEvent? { events.poll() }

    /// The next deadline.
    public func pollTimeout() -> MonotonicTime? {
        guard !finished else { return nil }
        switch (ice.pollTimeout(), dtls.pollTimeout()) {
        case (let a?, let b?): return min(a, b, rtcp?.nextReportTime ?? a)
        case (let a?, nil): return min(a, rtcp?.nextReportTime ?? a)
        case (nil, let b?): return min(b, rtcp?.nextReportTime ?? b)
        case (nil, nil): return rtcp?.nextReportTime
        }
    }

    // MARK: - ICE

    private func drainICE(now: MonotonicTime) {
        moveICETransmits()
        while let event = ice.pollEvent() {
            switch event {
            case .connectionStateChanged(let state):
                events.append(.iceStateChanged(state))
                if state == .failed { fail("ICE failed") }
            case .selectedPairChanged(let local, let remote):
                validatedRemotes.insert(remote)
                events.append(.selectedPairChanged(local: local, remote: remote))
                startDTLSClientIfNeeded(now: now)
            case .peerReflexiveCandidate(let candidate):
                validatedRemotes.insert(candidate.address)
            case .roleChanged, .localCandidateGathered, .remoteCandidateIgnored:
                break
            }
        }
    }

    private func moveICETransmits() {
        while let transmit = ice.pollTransmit() {
            if Self.isSuccessResponse(transmit.bytes) { validatedRemotes.insert(transmit.destination) }
            transmits.append(transmit)
        }
    }

    /// A success response we send proves the peer at its destination passed a check
    /// (short-term credentials, RFC 8445 §7.3).
    private static func isSuccessResponse(_ bytes: [UInt8]) -> Bool {
        // Message type 0x0101: Binding success response (RFC 8489 §5).
        bytes.count >= 2 && bytes[0] == 0x01 && bytes[1] == 0x01
    }

    // MARK: - DTLS and SRTP

    private func startDTLSClientIfNeeded(now: MonotonicTime) {
        guard dtls.role == .client, !dtlsStarted else { return }
        dtlsStarted = true
        dtls.start(now: now)
        drainDTLS(now: now)
    }

    private func drainDTLS(now: MonotonicTime) {
        while let datagram = dtls.pollTransmit() { queueMedia(datagram) }
        while let event = dtls.pollEvent() {
            switch event {
            case .connected(let keys, _):
                do {
                    srtp = try SRTPContext(keys: keys)
                    srtpProfile = keys.profile
                    rtcp?.start(now: now)
                    events.append(.secured(profile: keys.profile))
                } catch {
                    fail("SRTP keying failed: \(error)")
                }
            case .applicationData:
                break  // data channels (SCTP) come with a later issue
            case .failed(let error):
                fail("DTLS failed: \(error)")
            case .closed:
                events.append(.closed)
                finished = true
            }
        }
    }

    private func unprotect(_ bytes: [UInt8], isRTCP: Bool, now: MonotonicTime) {
        guard let srtp else {
            counters.droppedBeforeKeys += 1
            return
        }
        var packet = bytes
        do {
            if isRTCP {
                try srtp.unprotectRTCP(&packet)
                if let compound = try? RTCPCompound.parse(packet) { rtcp?.received(rtcp: compound, now: now) }
                events.append(.rtcp(packet))
            } else {
                try srtp.unprotectRTP(&packet)
                rtcp?.received(rtp: packet, now: now)
                events.append(.rtp(packet))
            }
        } catch {
            switch error.code {
            case .replayed: counters.replaysDropped += 1
            case .badInput: counters.malformedMedia += 1
            default: counters.authenticationFailures += 1
            }
        }
    }

    private func protectAndQueue(_ packet: [UInt8], isRTCP: Bool) -> Bool {
        guard let srtp, !finished else { return false }
        var bytes = packet
        do {
            if isRTCP { try srtp.protectRTCP(&bytes) } else { try srtp.protectRTP(&bytes) }
        } catch {
            return false
        }
        return queueMedia(bytes)
    }

    /// Queues a DTLS or SRTP datagram on the selected pair (or, before nomination, back to the
    /// validated address DTLS came from).
    @discardableResult
    private func queueMedia(_ datagram: [UInt8]) -> Bool {
        if relaying, ice.selectedPair != nil {
            // The agent routes it: through the TURN client when the selected local candidate
            // is relayed (RFC 8656 §11-§12), else as a datagram from the host base.
            guard ice.sendData(datagram, now: lastNow) else { return false }
            moveICETransmits()
            return true
        }
        let pair = ice.selectedPair
        guard let destination = pair?.remote ?? lastMediaRemote,
              let source = pair?.local ?? lastLocal else { return false }
        transmits.append(PeerTransmit(source: source, destination: destination, bytes: datagram))
        return true
    }

    private func dropUnvalidated() {
        counters.droppedUnvalidatedSource += 1
    }

    private func fail(_ reason: String) {
        guard !finished else { return }
        events.append(.failed(reason: reason))
        finished = true
    }
}
