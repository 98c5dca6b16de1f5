import BeepDTLS
import BeepTestSupport
import BeepWire
import Testing

/// Seconds after the virtual origin.
func at(_ seconds: Int64) -> MonotonicTime { MonotonicTime(nanoseconds: seconds * 1_000_000_000) }

@Suite struct DTLSRetransmissionTests {
    /// RFC 6347 §4.2.4.1: a lost flight is resent when the 1 s timer expires, and the
    /// timer then doubles. The first ClientHello (t=0) and the server's first flight
    /// (t=1 s) are lost: the client resends at 1 s, the server at 1 s + 1 s = 2 s, and the
    /// handshake completes at 2 s.
    @Test func lostFirstFlightsAreRetransmittedAtTheVirtualDeadlinesRFC6347Section4_2_4_1() throws {
        let link = try VirtualDTLSLink.make()
        link.drop = { role, _, time, _ in
            (role == .client && time == at(0)) || (role == .server && time == at(1))
        }
        link.client.start(now: link.now)
        link.server.start(now: link.now)
        #expect(link.server.pollTimeout() == nil, "a server has no timer before the ClientHello")
        link.deliverAll()
        #expect(link.client.pollTimeout() == at(1))

        link.advance(by: .milliseconds(999))
        link.client.handleTimeout(now: link.now)
        link.deliverAll()
        #expect(link.datagrams(from: .client).count == 1, "not due yet: nothing resent")

        link.advance(by: .milliseconds(1))
        link.client.handleTimeout(now: link.now)
        link.deliverAll()
        #expect(link.client.pollTimeout() == at(3), "doubled to 2 s")
        #expect(link.server.pollTimeout() == at(2), "server flight timer starts at 1 s")
        let serverFirstFlight = link.datagrams(from: .server)
        #expect(!serverFirstFlight.isEmpty && serverFirstFlight.allSatisfy { $0.dropped && $0.at == at(1) })

        link.run(limit: .seconds(10)) { link.client.state == .connected && link.server.state == .connected }
        #expect(link.client.state == .connected && link.server.state == .connected)
        #expect(link.now == at(2), "completed when the server's retransmission arrived")
        let clientHellos = link.datagrams(from: .client).filter { $0.at < at(2) }
        #expect(clientHellos.map(\.at) == [at(0), at(1)])
        #expect(clientHellos[0].bytes == clientHellos[1].bytes, "the same flight, byte for byte")
        let serverTimes = Set(link.datagrams(from: .server).map(\.at))
        #expect(serverTimes == [at(1), at(2)])
        #expect(link.client.retransmissions == 1 && link.server.retransmissions == 1)
        #expect(link.keys(of: .client) != nil && link.keys(of: .server) != nil)
    }

    /// A silent peer: the ClientHello is resent at 1, 3, 7, 15, 31 and 63 s (1 s doubling,
    /// RFC 6347 §4.2.4.1) and the handshake fails with `.timeout` at 123 s (the 60 s cap
    /// after the 6th retransmission, `DTLSRetransmissionPolicy.default`).
    @Test func silentPeerTimesOutAfterDoublingRetransmissions() throws {
        let link = try VirtualDTLSLink.make()
        link.drop = { role, _, _, _ in role == .client }
        link.runHandshake(limit: .seconds(600))
        #expect(link.datagrams(from: .client).map(\.at) == [0, 1, 3, 7, 15, 31, 63].map(at))
        #expect(link.client.state == .failed)
        #expect(link.failure(of: .client)?.code == .timeout)
        #expect(link.now == at(123))
        #expect(link.client.pollTimeout() == nil)
    }

    /// The server's final flight (ChangeCipherSpec, Finished) is lost: the client resends
    /// its flight at 1 s, the server recognises the retransmission and resends its final
    /// flight (RFC 6347 §4.2.4, FINISHED state), and the client completes.
    @Test func lostFinalFlightIsResentWhenThePeerRetransmits() throws {
        let link = try VirtualDTLSLink.make()
        // The server completes on the client's second flight, so whatever it sends once
        // connected at t=0 is its final flight: lose it.
        link.drop = { [unowned link] role, _, time, _ in
            role == .server && link.server.state == .connected && time == .zero
        }
        link.client.start(now: link.now)
        link.server.start(now: link.now)
        link.run(limit: .seconds(10)) { link.client.state == .connected && link.server.state == .connected }
        #expect(link.server.state == .connected)
        #expect(link.client.state == .connected)
        #expect(link.now == at(1), "the client's 1 s retransmission triggered the server's answer")
        #expect(link.server.retransmissions == 1 && link.client.retransmissions == 1)
        #expect(link.sent.contains { $0.dropped && $0.from == .server })
    }

    /// A peer that re-encrypts its retransmission (fresh record numbers, so not byte-
    /// identical) is still answered once the handshake is complete: any handshake record
    /// after completion means our final flight was lost (RFC 6347 §4.2.4, FINISHED).
    @Test func handshakeRecordAfterCompletionResendsTheFinalFlight() throws {
        let link = try VirtualDTLSLink.make()
        link.runHandshake()
        try #require(link.server.state == .connected)
        let finalFlight = link.datagrams(from: .server).filter { $0.at == .zero }.suffix(1).map(\.bytes)
        let sentBefore = link.datagrams(from: .server).count
        link.advance(by: .seconds(1))
        // Epoch 1, sequence 9: what a re-encrypted Finished looks like from outside.
        let repeatedFinished: [UInt8] = [22, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 8] + [UInt8](repeating: 0xA5, count: 8)
        link.inject(repeatedFinished, into: .server)
        let resent = link.datagrams(from: .server).dropFirst(sentBefore).map(\.bytes)
        #expect(resent == finalFlight, "the same final flight, once")
        #expect(link.server.retransmissions == 1)
        #expect(link.client.state == .connected && link.server.state == .connected)
    }

    /// 20% independent loss in both directions (seeded): the handshake still completes,
    /// within bounded virtual time, with matching keys.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func twentyPercentLossStillCompletes(seed: UInt64) throws {
        let link = try VirtualDTLSLink.make(mtu: 600)
        var generator = SeededGenerator(seed: seed)
        link.drop = { _, _, _, _ in Double.random(in: 0..<1, using: &generator) < 0.2 }
        link.runHandshake(limit: .seconds(300))
        #expect(link.client.state == .connected, "seed \(seed)")
        #expect(link.server.state == .connected, "seed \(seed)")
        let clientKeys = try #require(link.keys(of: .client))
        let serverKeys = try #require(link.keys(of: .server))
        #expect(clientKeys.localKey == serverKeys.remoteKey && clientKeys.remoteKey == serverKeys.localKey)
        #expect(link.now < at(120))
    }
}
