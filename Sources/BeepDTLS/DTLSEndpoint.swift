import BeepSRTP
import BeepWire
import CBeepOpenSSL

/// One DTLS 1.2 association with the `use_srtp` extension (RFC 6347, RFC 5764,
/// RFC 8842), sans-IO: feed it received datagrams and the time, drain the datagrams it
/// wants sent, its events, and its next deadline.
///
/// OpenSSL does the cryptography over memory BIOs. This type owns everything about time
/// and datagrams: it splits OpenSSL's output on record boundaries and packs records into
/// datagrams of at most `mtu` bytes, and it runs the flight retransmission timer
/// (RFC 6347 §4.2.4) on the caller's clock, so tests run in virtual time.
///
/// Retransmission: when the caller's deadline passes, OpenSSL is asked to retransmit
/// (it re-encrypts with fresh record numbers if its own real-clock timer, 1 s doubling,
/// has expired too, the normal case in production); otherwise the kept copy of the last
/// flight is resent byte for byte, which a peer still waiting for it accepts. A peer
/// retransmitting its flight byte for byte (as this type does in virtual time) is
/// recognised and answered with our last flight, also after the handshake completed
/// (RFC 6347 §4.2.4 FINISHED state).
///
/// Single owner: not thread-safe.
public final class DTLSEndpoint {
    /// The handshake side this endpoint plays.
    public let role: DTLSRole
    /// Largest datagram this endpoint sends (the UDP payload), bytes.
    public let mtu: Int
    /// Where the association is.
    public private(set) var state: DTLSState = .new
    /// Received datagrams dropped before reaching OpenSSL because they were not whole,
    /// well-formed DTLS records, or arrived after the endpoint finished.
    public private(set) var droppedDatagrams = 0
    /// Flight retransmissions sent, by timer or in answer to a peer's retransmission.
    public private(set) var retransmissions = 0

    private let policy: DTLSRetransmissionPolicy
    private let profiles: [SRTPProfile]
    /// Reached unretained from OpenSSL's verify callback, which runs only inside calls
    /// on `connection` while this endpoint is alive.
    private let verifier: FingerprintVerifier
    private let context: OpenSSLDTLSContext
    private let connection: OpenSSLDTLSConnection

    private var transmitQueue: [[UInt8]] = []
    private var eventQueue: [DTLSEvent] = []

    /// The datagrams of the last flight this endpoint sent (RFC 6347 §4.2.4), kept to
    /// retransmit byte-for-byte.
    private var lastFlight: [[UInt8]] = []
    /// When to retransmit `lastFlight` next; nil when not waiting for the peer.
    private var retransmitDeadline: MonotonicTime?
    private var retransmitInterval: Duration
    private var flightRetransmissions = 0
    /// Handshake datagrams received so far, to recognise the peer retransmitting a
    /// flight (RFC 6347 §4.2.4: then our last flight was lost, send it again).
    private var receivedHandshakeDatagrams: [[UInt8]] = []
    private var lastAnswerToRetransmission: MonotonicTime?
    /// Bound on `receivedHandshakeDatagrams`: a handshake is a few flights of a few datagrams.
    private static let rememberedDatagramLimit = 64

    /// Creates an endpoint; nothing is sent until `start(now:)` (or, for a server, the
    /// first datagram).
    /// - Parameters:
    ///   - role: `.client` sends the ClientHello (`a=setup:active`).
    ///   - certificate: this endpoint's identity; its fingerprint goes into local SDP.
    ///   - remoteFingerprint: the peer's `a=fingerprint`; a certificate that does not
    ///     match fails the handshake with `.fingerprintMismatch` (RFC 8842 §5).
    ///   - profiles: SRTP protection profiles to offer or accept, most preferred first
    ///     (RFC 5764 §4.1.1; the server picks by its own order).
    ///   - mtu: largest datagram, 256...65507 bytes (OpenSSL's DTLS floor is 256).
    ///   - retransmission: the flight timer (RFC 6347 §4.2.4.1).
    /// - Throws: `.invalidConfiguration` for an empty or duplicated profile list, an MTU
    ///   out of range, or an unsupported fingerprint algorithm; `.openSSL` if OpenSSL
    ///   cannot be set up.
    public init(role: DTLSRole, certificate: DTLSCertificate, remoteFingerprint: DTLSFingerprint,
                profiles: [SRTPProfile] = SRTPProfile.defaultPreference, mtu: Int = 1200,
                retransmission: DTLSRetransmissionPolicy = .default) throws(DTLSError) {
        guard !profiles.isEmpty, Set(profiles).count == profiles.count else {
            throw DTLSError(.invalidConfiguration, "SRTP profile list \(profiles) must be non-empty without repeats")
        }
        guard (256...65_507).contains(mtu) else {
            throw DTLSError(.invalidConfiguration, "MTU \(mtu) is outside 256...65507")
        }
        guard retransmission.initialInterval > .zero, retransmission.maximumInterval >= retransmission.initialInterval,
              retransmission.maximumRetransmissions >= 0 else {
            throw DTLSError(.invalidConfiguration, "retransmission policy \(retransmission) is not usable")
        }
        self.role = role
        self.mtu = mtu
        self.policy = retransmission
        self.profiles = profiles
        self.retransmitInterval = retransmission.initialInterval
        verifier = try FingerprintVerifier(expected: remoteFingerprint)
        context = try OpenSSLDTLSContext(certificate: certificate, profiles: profiles, verifier: verifier)
        connection = try OpenSSLDTLSConnection(context: context, isServer: role == .server, mtu: mtu)
    }

    // MARK: Inputs

    /// Starts the handshake: a client sends its ClientHello flight (RFC 6347 §4.2.4,
    /// flight 1); a server starts waiting for one. Does nothing after the first call.
    public func start(now: MonotonicTime) {
        guard state == .new else { return }
        state = .handshaking
        advanceHandshake(now: now)
    }

    /// Handles one received datagram (already demultiplexed as DTLS, RFC 7983 §7).
    /// Malformed, truncated and replayed datagrams are dropped without affecting the
    /// association (RFC 6347 §4.1.2.7: invalid records are silently discarded).
    public func handleDatagram(_ datagram: [UInt8], now: MonotonicTime) {
        guard state == .new || state == .handshaking || state == .connected else {
            droppedDatagrams &+= 1
            return
        }
        guard !datagram.isEmpty, let records = DTLSRecordFraming.split(datagram) else {
            droppedDatagrams &+= 1
            return
        }
        if state == .new { start(now: now) }
        if receivedHandshakeDatagrams.contains(datagram) {
            // Byte-identical: OpenSSL would drop it as a replay (RFC 6347 §4.1.2.6). It
            // means the peer is retransmitting its flight because ours did not arrive.
            answerPeerRetransmission(now: now)
            return
        }
        if state == .connected, records.contains(where: DTLSRecordFraming.isHandshakeFlightRecord) {
            // Handshake records after completion can only be the peer repeating its last
            // flight (renegotiation is disabled): our final flight was lost. Peers that
            // re-encrypt retransmissions (fresh record numbers) land here.
            answerPeerRetransmission(now: now)
        }
        if state == .handshaking {
            if receivedHandshakeDatagrams.count >= Self.rememberedDatagramLimit {
                receivedHandshakeDatagrams.removeFirst()
            }
            receivedHandshakeDatagrams.append(datagram)
        }
        connection.receive(datagram)
        if state == .handshaking {
            advanceHandshake(now: now)
        } else {
            readApplicationData()
        }
    }

    /// Retransmits the last flight when its deadline passed (RFC 6347 §4.2.4.1), doubling
    /// the interval up to the policy's maximum, or fails with `.timeout` after the
    /// policy's number of retransmissions.
    public func handleTimeout(now: MonotonicTime) {
        guard state == .handshaking, let deadline = retransmitDeadline, now >= deadline else { return }
        guard flightRetransmissions < policy.maximumRetransmissions else {
            fail(DTLSError(.timeout, "no answer to flight after \(flightRetransmissions) retransmissions"))
            return
        }
        flightRetransmissions += 1
        retransmissions &+= 1
        // Prefer OpenSSL's own retransmission: fresh record sequence numbers let a peer
        // that already finished recognise the repeat (RFC 6347 §4.2.4). It happens only
        // when OpenSSL's real-clock timer also expired, as it does when the caller's clock
        // is real time; in virtual time the flight is resent byte for byte instead.
        let nativeResult = connection.retransmitIfDue()
        let output = connection.drainOutgoing()
        if nativeResult > 0, !output.isEmpty {
            lastFlight = packed(output)
            transmitQueue.append(contentsOf: lastFlight)
        } else {
            queue(output)
            transmitQueue.append(contentsOf: lastFlight)
        }
        retransmitInterval = min(retransmitInterval * 2, policy.maximumInterval)
        retransmitDeadline = now + retransmitInterval
    }

    /// Sends application data (e.g. SCTP, RFC 8261) in one record; only when connected.
    /// - Throws: `.invalidState` before the handshake completes or after close;
    ///   `.openSSL` if OpenSSL refuses (e.g. larger than a record allows).
    public func send(_ data: [UInt8]) throws(DTLSError) {
        guard state == .connected else {
            throw DTLSError(.invalidState, "cannot send application data in state \(state)")
        }
        if case .failed(let reason) = connection.write(data) {
            throw DTLSError(.openSSL, "SSL_write: \(reason)")
        }
        queueOutgoing()
    }

    /// Sends close_notify (RFC 5246 §7.2.1) if a handshake started, and finishes the
    /// endpoint. No event is reported for a local close.
    public func close() {
        guard state == .handshaking || state == .connected else {
            if state == .new { state = .closed }
            return
        }
        connection.shutdown()
        queueOutgoing()
        finish(.closed)
    }

    // MARK: Outputs

    /// The next datagram to send (at most `mtu` bytes unless a single record is larger);
    /// call until nil after every input.
    public func pollTransmit() -> [UInt8]? {
        transmitQueue.isEmpty ? nil : transmitQueue.removeFirst()
    }

    /// The next event; call until nil after every input.
    public func pollEvent() -> DTLSEvent? {
        eventQueue.isEmpty ? nil : eventQueue.removeFirst()
    }

    /// When `handleTimeout(now:)` must be called next; nil when no timer runs.
    public func pollTimeout() -> MonotonicTime? {
        state == .handshaking ? retransmitDeadline : nil
    }

    // MARK: Handshake

    /// Runs OpenSSL's handshake on what was received; a new flight it writes replaces
    /// the last one and restarts the timer at the initial interval.
    private func advanceHandshake(now: MonotonicTime) {
        let outcome = connection.handshake()
        let output = connection.drainOutgoing()
        switch outcome {
        case .wantRead:
            if !output.isEmpty {
                startFlight(output, now: now)
                retransmitInterval = policy.initialInterval
                retransmitDeadline = now + retransmitInterval
                flightRetransmissions = 0
            }
        case .done:
            // The side that sends the final flight keeps it to answer retransmissions of
            // the peer's previous flight; the side that received it has nothing to repeat.
            if output.isEmpty { lastFlight = [] } else { startFlight(output, now: now) }
            retransmitDeadline = nil
            completeHandshake()
        case .closedByPeer:
            queue(output)
            finish(.closed)
            eventQueue.append(.closed)
        case .failed(let reason):
            // The output holds the fatal alert for the peer.
            queue(output)
            if verifier.mismatched {
                let seen = verifier.observed.map(\.sdpValue) ?? "no certificate"
                fail(DTLSError(.fingerprintMismatch,
                               "peer certificate \(seen) does not match \(verifier.expected.sdpValue)"))
            } else {
                fail(DTLSError(.handshakeFailed, reason))
            }
        }
    }

    /// Sends a new flight and keeps it for retransmission.
    private func startFlight(_ output: [UInt8], now: MonotonicTime) {
        lastFlight = packed(output)
        transmitQueue.append(contentsOf: lastFlight)
    }

    /// Answers a retransmitted peer flight by retransmitting ours (RFC 6347 §4.2.4: the
    /// peer's retransmission shows our flight was lost; in the FINISHED state this is the
    /// only way the last flight is repeated). At most once per half initial interval, so
    /// a multi-datagram peer flight triggers one answer.
    private func answerPeerRetransmission(now: MonotonicTime) {
        guard !lastFlight.isEmpty, state == .handshaking || state == .connected else { return }
        if let last = lastAnswerToRetransmission, now - last < policy.initialInterval / 2 { return }
        lastAnswerToRetransmission = now
        retransmissions &+= 1
        transmitQueue.append(contentsOf: lastFlight)
    }

    /// Checks the negotiated profile and the peer certificate, exports the SRTP keys
    /// (RFC 5764 §4.2) and reports `.connected`. A check failing after OpenSSL finished
    /// sends close_notify, so the peer does not keep a half-open association.
    private func completeHandshake() {
        guard let selected = SSL_get_selected_srtp_profile(connection.ssl) else {
            abandon(DTLSError(.noSRTPProfile, "the peer did not negotiate use_srtp with any of \(profiles)"))
            return
        }
        guard let profile = SRTPProfile(rawValue: UInt16(truncatingIfNeeded: selected.pointee.id)),
              profiles.contains(profile) else {
            abandon(DTLSError(.noSRTPProfile, "negotiated SRTP profile \(selected.pointee.id) was not offered"))
            return
        }
        // Defence in depth: the verify callback already ran; check the final certificate too.
        guard let peerCertificate = SSL_get0_peer_certificate(connection.ssl),
              let presented = OpenSSLDigest.fingerprint(of: peerCertificate, verifier.hashFunction),
              OpenSSLDigest.constantTimeEqual(presented.bytes, verifier.expected.bytes) else {
            abandon(DTLSError(.fingerprintMismatch, "peer certificate does not match \(verifier.expected.sdpValue)"))
            return
        }
        var material = [UInt8](repeating: 0, count: profile.keyingMaterialLength)
        let label = "EXTRACTOR-dtls_srtp"
        let exported = SSL_export_keying_material(connection.ssl, &material, material.count,
                                                  label, label.utf8.count, nil, 0, 0)
        guard exported == 1 else {
            fail(DTLSError(.openSSL, OpenSSLErrorQueue.reason("SSL_export_keying_material failed")))
            return
        }
        let keys: SRTPKeys
        do {
            keys = try SRTPKeys(profile: profile, exportedKeyingMaterial: material, isClient: role == .client)
        } catch {
            fail(DTLSError(.openSSL, "splitting keying material: \(error.reason)"))
            return
        }
        state = .connected
        eventQueue.append(.connected(keys: keys, remoteFingerprint: presented))
        // Records that arrived in the same datagram as the last handshake message.
        readApplicationData()
    }

    // MARK: Connected

    /// Reads every application data record OpenSSL can decrypt, then sends whatever it
    /// wrote meanwhile (e.g. its own retransmission of our last flight, or an alert).
    private func readApplicationData() {
        reading: while state == .connected {
            let (outcome, data) = connection.read()
            switch outcome {
            case .done:
                eventQueue.append(.applicationData(data))
            case .wantRead:
                break reading
            case .closedByPeer:
                // RFC 5246 §7.2.1: answer close_notify with close_notify.
                connection.shutdown()
                queueOutgoing()
                finish(.closed)
                eventQueue.append(.closed)
            case .failed(let reason):
                queueOutgoing()
                fail(DTLSError(.connectionFailed, reason))
            }
        }
        queueOutgoing()
    }

    // MARK: Helpers

    private func queueOutgoing() {
        queue(connection.drainOutgoing())
    }

    private func queue(_ output: [UInt8]) {
        guard !output.isEmpty else { return }
        transmitQueue.append(contentsOf: packed(output))
    }

    /// Splits OpenSSL's concatenated records and packs them into datagrams ≤ `mtu`.
    private func packed(_ output: [UInt8]) -> [[UInt8]] {
        guard let records = DTLSRecordFraming.split(output) else {
            // OpenSSL always writes whole records; keep the bytes together if not.
            return [output]
        }
        return DTLSRecordFraming.pack(records, mtu: mtu)
    }

    /// Fails an association OpenSSL considers established: close_notify first.
    private func abandon(_ error: DTLSError) {
        connection.shutdown()
        queueOutgoing()
        fail(error)
    }

    private func fail(_ error: DTLSError) {
        finish(.failed)
        eventQueue.append(.failed(error))
    }

    private func finish(_ final: DTLSState) {
        state = final
        retransmitDeadline = nil
        lastFlight = []
        receivedHandshakeDatagrams = []
        connection.discardIncoming()
    }
}
