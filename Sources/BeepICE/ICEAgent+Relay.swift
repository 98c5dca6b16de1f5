import BeepSTUN
import BeepTURN
import BeepWire

/// Relayed candidates through TURN (RFC 8445 §5.1.1.2, RFC 8656), full mode only.
///
/// ``gatherRelayCandidates(now:)`` starts one ``TURNClient`` per configured
/// ``ICETURNServer``; its messages leave as ``ICETransmit``s toward the server (from the host
/// base over UDP, or on the driver's TCP/TLS connection). Everything the driver receives from
/// a TURN server goes to ``handleTURNServerData(_:from:transport:now:)``. Once allocated, the
/// relayed candidate is reported with ``ICEEvent/localCandidateGathered(_:)`` and paired like
/// a host candidate. Checks, responses and ``sendData(_:now:)`` from a relayed candidate go
/// through the TURN client (a permission is created for each peer on first use, RFC 8656
/// §9; the selected pair gets a channel, §12); STUN arriving through the relay is handled as
/// if the peer had sent it to the relayed address, other data is queued for
/// ``pollRelayedData()``.
extension ICEAgent {
    /// Starts an allocation on every configured TURN server not started yet (full mode). A
    /// UDP server needs a host candidate of its address family as the base, so add host
    /// candidates first; servers outside the ``ICEAddressPolicy`` are skipped.
    public func gatherRelayCandidates(now: MonotonicTime) {
        guard !isLite, connectionState != .closed else { return }
        lastInputTime = max(lastInputTime, now)
        for server in configuration.turnServers
        where configuration.addressPolicy.allows(server.address)
            && !relays.contains(where: { $0.server.address == server.address && $0.server.transport == server.transport }) {
            let host = localCandidates.first { $0.kind == .host && $0.address.family == server.address.family }
            guard server.transport.isStream || host != nil else { continue }
            // TCP/TLS without a host candidate: the unspecified address (the driver's
            // connection has whatever local address the kernel picks).
            let unspecified: STUNAddress = server.address.family == .ipv4 ? .ipv4(0, 0, 0, 0, port: 0) : .ipv6([], port: 0)
            let base = host?.address ?? unspecified
            var turn = TURNClientConfiguration(server: server.address, transport: server.transport,
                                               username: server.username, password: server.password)
            turn.software = nil
            var client = TURNClient(configuration: turn, seed: random.next())
            client.allocate(now: now)
            relays.append(ICERelay(server: server, base: base, client: client))
            drainRelay(relays.count - 1, now: now)
        }
    }

    /// True when `address` is a configured TURN server: the driver passes what it receives
    /// from there to ``handleTURNServerData(_:from:transport:now:)``.
    public func isTURNServer(_ address: STUNAddress) -> Bool {
        relays.contains { $0.server.address == address }
    }

    /// Bytes received from TURN server `server`: one UDP datagram, or a chunk of the TCP/TLS
    /// stream. Returns false when no TURN client talks to that server over `transport` (the
    /// bytes are then not consumed).
    @discardableResult
    public func handleTURNServerData(_ bytes: [UInt8], from server: STUNAddress, transport: TURNTransport = .udp,
                                     now: MonotonicTime) -> Bool {
        guard connectionState != .closed,
              let index = relays.firstIndex(where: { $0.server.address == server && $0.server.transport == transport })
        else { return false }
        lastInputTime = max(lastInputTime, now)
        relays[index].client.handleReceived(bytes, now: now)
        drainRelay(index, now: now)
        return true
    }

    /// The driver's TCP/TLS connection to `server` closed: that relay's allocation is gone
    /// (RFC 8656 §3.1).
    public func handleTURNConnectionClosed(server: STUNAddress, now: MonotonicTime) {
        for index in relays.indices where relays[index].server.address == server && relays[index].server.transport.isStream {
            relays[index].client.handleConnectionClosed(now: now)
            drainRelay(index, now: now)
        }
    }

    /// Sends application data (DTLS, SRTP) on the selected pair: through the TURN relay when
    /// the selected local candidate is relayed, else as a datagram from the local base.
    /// Returns false when no pair is selected.
    @discardableResult
    public func sendData(_ payload: [UInt8], now: MonotonicTime) -> Bool {
        guard connectionState != .closed, let selected = selectedPair else { return false }
        lastInputTime = max(lastInputTime, now)
        emit(ICETransmit(source: selected.local, destination: selected.remote, bytes: payload))
        return true
    }

    /// The next application datagram that arrived through a relay, or nil.
    public func pollRelayedData() -> ICERelayedDatagram? {
        relayedData.isEmpty ? nil : relayedData.removeFirst()
    }

    /// The state of each TURN server's allocation.
    public var relayStatus: [ICERelayStatus] {
        relays.map { relay in
            ICERelayStatus(server: relay.server.address, transport: relay.server.transport, state: relay.client.state,
                           candidate: relay.candidate, statistics: relay.client.statistics)
        }
    }

    // MARK: - Internal

    /// Queues a datagram, routing it through the TURN client when `source` is a relayed
    /// candidate (RFC 8656 §11-§12; the client creates the permission first, §9).
    func emit(_ transmit: ICETransmit) {
        guard let index = relays.firstIndex(where: { $0.candidate?.address == transmit.source }) else {
            transmits.append(transmit)
            return
        }
        do {
            try relays[index].client.send(transmit.bytes, to: transmit.destination, now: lastInputTime)
        } catch {
            counters.droppedRelaySends &+= 1
        }
        drainRelay(index, now: lastInputTime)
    }

    /// Moves a TURN client's output into the agent: its messages become transmits to the
    /// server; an allocation becomes a relayed local candidate; data from peers is handled
    /// as arriving on the relayed address.
    func drainRelay(_ index: Int, now: MonotonicTime) {
        guard relays.indices.contains(index) else { return }
        while let bytes = relays[index].client.pollTransmit() {
            let relay = relays[index]
            transmits.append(ICETransmit(source: relay.base, destination: relay.server.address, bytes: bytes,
                                         transport: relay.server.transport))
        }
        while let event = relays[index].client.pollEvent() {
            switch event {
            case .allocated(let relayed, let mapped, _):
                let relay = relays[index]
                let candidate = ICECandidate.relayed(relayed, relatedAddress: mapped ?? relay.base, base: relay.base,
                                                     server: relay.server.address, serverTransport: relay.server.transport)
                relays[index].candidate = candidate
                addLocalCandidate(candidate)
                events.append(.localCandidateGathered(candidate))
            case .data(let peer, let payload):
                guard let local = relays[index].candidate?.address else { continue }
                deliverRelayed(payload, from: peer, to: local, now: now)
            case .permissionFailed(let peer, _):
                // RFC 8656 §9: without a permission nothing reaches that peer: its pairs fail.
                failRelayPairs(local: relays[index].candidate?.address) { $0.addressBytes == peer.addressBytes }
            case .failed:
                failRelayPairs(local: relays[index].candidate?.address) { _ in true }
            case .refreshed, .permissionCreated, .channelBound, .channelBindFailed, .released:
                break
            }
        }
        // Output queued while handling relayed checks (responses, triggered checks).
        while let bytes = relays[index].client.pollTransmit() {
            let relay = relays[index]
            transmits.append(ICETransmit(source: relay.base, destination: relay.server.address, bytes: bytes,
                                         transport: relay.server.transport))
        }
    }

    /// A payload a peer sent to the relayed address: STUN goes to the ICE logic as if received
    /// on the relayed candidate (RFC 8445 §7.3 with the relayed address as the local base),
    /// anything else waits in ``pollRelayedData()``.
    func deliverRelayed(_ payload: [UInt8], from peer: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        if STUNMessage.isSTUN(payload), let message = try? STUNMessage.parse(payload) {
            handleSTUN(message, from: peer, to: local, now: now)
        } else {
            relayedData.append(ICERelayedDatagram(local: local, remote: peer, bytes: payload))
        }
    }

    /// Fails the pairs of relayed candidate `local` whose remote matches, with their pending
    /// checks, and re-evaluates the check list (RFC 8445 §8.1.2).
    func failRelayPairs(local: STUNAddress?, matching: (STUNAddress) -> Bool) {
        guard let local else { return }
        for key in pairs.keys where key.local == local && matching(key.remote) {
            pairs[key]?.state = .failed
            if nominatingPair == key { nominatingPair = nil }
        }
        for (id, transaction) in transactions
        where transaction.pair.local == local && matching(transaction.pair.remote) && transaction.purpose != .consent {
            transactions[id] = nil
        }
        triggeredChecks.removeAll { $0.pair.local == local && matching($0.pair.remote) }
        evaluateChecklistFailure()
    }

    /// True while a TURN allocation is still under way (its relayed candidate may yet pair).
    var isGatheringRelays: Bool {
        relays.contains { $0.client.state == .allocating || $0.client.state == .idle }
    }

    /// True when checks may arrive on `local`: always, unless the transport policy is relay
    /// and `local` is not a relayed candidate.
    func acceptsChecks(on local: STUNAddress) -> Bool {
        configuration.transportPolicy == .all || relays.contains { $0.candidate?.address == local }
    }

    /// RFC 8656 §12: the selected pair's peer gets a channel, so media goes in 4-byte
    /// ChannelData headers instead of Send/Data indications.
    func bindRelayChannel(for key: ICEPairKey, now: MonotonicTime) {
        guard let index = relays.firstIndex(where: { $0.candidate?.address == key.local }) else { return }
        try? relays[index].client.bindChannel(to: key.remote, now: now)
        drainRelay(index, now: now)
    }

    /// Runs the TURN clients' timers.
    func handleRelayTimeouts(now: MonotonicTime) {
        for index in relays.indices {
            guard let deadline = relays[index].client.pollTimeout(), deadline <= now else { continue }
            relays[index].client.handleTimeout(now: now)
            drainRelay(index, now: now)
        }
    }

    /// Releases every allocation (Refresh with LIFETIME 0, RFC 8656 §8), best effort: the
    /// requests are queued once and not retransmitted after ``close()``.
    func releaseRelays() {
        for index in relays.indices {
            relays[index].client.release(now: lastInputTime)
            while let bytes = relays[index].client.pollTransmit() {
                let relay = relays[index]
                transmits.append(ICETransmit(source: relay.base, destination: relay.server.address, bytes: bytes,
                                             transport: relay.server.transport))
            }
            while relays[index].client.pollEvent() != nil {}
        }
    }
}
