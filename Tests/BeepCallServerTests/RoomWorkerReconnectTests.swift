@testable import BeepCallServer
import BeepCalls
import BeepDTLS
import BeepNegotiation
import BeepSDP
import BeepSFU
import BeepSFUServer
import BeepTestSupport
import BeepWire
import Testing

/// The room worker's ICE restart (RFC 8445 §9) and media-timeout hooks, without sockets.
@Suite struct RoomWorkerReconnectTests {
    /// Collects what the worker signals (the worker runs on the test's thread only).
    final class Signals: @unchecked Sendable {
        var inputs: [CallInput] = []
    }

    static let ufrag = "srvU"
    static let password = "server-password-0123456789"
    let id = BeepCalls.ParticipantID(rawValue: "p1")

    func worker(_ signals: Signals) throws -> (RoomWorker, SessionDirectory) {
        let directory = SessionDirectory()
        let certificate = try DTLSCertificate()
        let worker = RoomWorker(room: "r1", local: .ipv4(127, 0, 0, 1, port: 8801), certificate: certificate,
                                directory: directory, addressPolicy: .loopbackOnly) { signals.inputs.append($0) }
        let transport = LocalTransport(iceUfrag: Self.ufrag, icePassword: Self.password,
                                       fingerprint: certificate.fingerprint, setup: .passive,
                                       candidates: [.ipv4(127, 0, 0, 1, port: 8801)])
        worker.participants[id] = RoomWorker.Participant(
            negotiation: CallNegotiation(transport: transport, sessionID: 7), permissions: [.subscribe])
        directory.announce(PendingSession(localUfrag: Self.ufrag, localPassword: Self.password) { _, _ in
            ClosedUDPSession()
        })
        return (worker, directory)
    }

    func offer(ufrag newUfrag: String? = nil, password newPassword: String? = nil) throws -> RemoteDescription {
        var text = try Fixtures.text("sdp/chromium-offer-audio-video.sdp")
        let original = try RemoteDescription(try SessionDescription.parse(text))
        if let newUfrag { text = text.replacingOccurrences(of: "a=ice-ufrag:\(original.iceUfrag)", with: "a=ice-ufrag:\(newUfrag)") }
        if let newPassword { text = text.replacingOccurrences(of: "a=ice-pwd:\(original.icePassword)", with: "a=ice-pwd:\(newPassword)") }
        return try RemoteDescription(try SessionDescription.parse(text))
    }

    @Test func anOfferWithNewICECredentialsGivesNewLocalCredentialsAndARestartAlias() throws {
        let signals = Signals()
        let (worker, directory) = try worker(signals)
        let now = MonotonicTime(nanoseconds: 1_000)
        // The first offer is no restart.
        worker.restartICEIfNeeded(id, offered: try offer(), now: now)
        #expect(worker.participants[id]?.negotiation.transport.iceUfrag == Self.ufrag)
        worker.participants[id]?.remote = try offer()
        // The same credentials again (a renegotiation): no restart.
        worker.restartICEIfNeeded(id, offered: try offer(), now: now)
        #expect(worker.participants[id]?.negotiation.transport.iceUfrag == Self.ufrag)
        // New ufrag and password: Beep's credentials change too (RFC 8839 §4.4.1.1.1).
        let restarted = try offer(ufrag: "newUfrag", password: "a-new-password-0123456789")
        worker.restartICEIfNeeded(id, offered: restarted, now: now)
        let transport = try #require(worker.participants[id]?.negotiation.transport)
        #expect(transport.iceUfrag != Self.ufrag)
        #expect(transport.icePassword != Self.password)
        let alias = try #require(directory.restart(localUfrag: transport.iceUfrag))
        #expect(alias.hostingUfrag == Self.ufrag)
        #expect(alias.localPassword == transport.icePassword)
        // A second restart still names the first ufrag as the hosting one.
        worker.participants[id]?.remote = restarted
        worker.restartICEIfNeeded(id, offered: try offer(ufrag: "thirdUfrag"), now: now)
        let third = try #require(worker.participants[id]?.negotiation.transport.iceUfrag)
        #expect(third != transport.iceUfrag)
        #expect(directory.restart(localUfrag: third)?.hostingUfrag == Self.ufrag)
        // Leaving forgets the aliases and the never-claimed pending session.
        worker.forgetReconnectState(of: id)
        #expect(directory.restart(localUfrag: third) == nil)
        #expect(directory.restart(localUfrag: transport.iceUfrag) == nil)
        #expect(directory.pendingCount == 0)
        #expect(signals.inputs.isEmpty)
    }

    @Test func anEndedTransportIsReportedOnceAsAMediaTimeout() throws {
        let signals = Signals()
        let (worker, _) = try worker(signals)
        worker.transportEnded(BeepSFU.ParticipantID("p1"))
        worker.transportEnded(BeepSFU.ParticipantID("p1"))  // .failed then .closed: still once
        worker.transportEnded(BeepSFU.ParticipantID("p9"))  // not in the room
        #expect(signals.inputs == [.mediaTimedOut(id)])
    }
}
