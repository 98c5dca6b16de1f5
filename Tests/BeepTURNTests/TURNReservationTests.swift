import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// EVEN-PORT and RESERVATION-TOKEN (RFC 8656 §7.2, §18.7, §18.10), as coturn's
/// `turnutils_uclient` uses them for RTP/RTCP pairs.
@Suite struct TURNReservationTests {
    static func token(_ response: STUNMessage?) -> UInt64? {
        if case .reservationToken(let token)? = response?.first(.reservationToken) { return token }
        return nil
    }

    @Test func rfc8656Section7_2_evenPortWithRBitReservesTheNextPort() {
        var harness = TURNTestHarness()
        // The lowest port is taken first, so EVEN-PORT picks the next even one.
        var odd = TURNTestClient(port: 50010, userID: "carol")
        #expect(harness.allocate(&odd)?.port == 49152)
        var rtp = TURNTestClient(port: 50000)
        _ = harness.request(&rtp, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        let first = harness.request(&rtp, .allocate, [.requestedTransport(protocolNumber: 17),
                                                      .evenPort(reserveNextPort: true)])
        let port = first?.xorRelayedAddress?.port ?? 0
        #expect(port % 2 == 0 && port > 49152)
        guard let token = Self.token(first) else { Issue.record("no RESERVATION-TOKEN"); return }

        var rtcp = TURNTestClient(port: 50001)
        _ = harness.request(&rtcp, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        let second = harness.request(&rtcp, .allocate, [.requestedTransport(protocolNumber: 17), .reservationToken(token)])
        #expect(second?.xorRelayedAddress?.port == port + 1)
        // A token is used once.
        var third = TURNTestClient(port: 50002)
        _ = harness.request(&third, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        #expect(harness.request(&third, .allocate, [.requestedTransport(protocolNumber: 17),
                                                    .reservationToken(token)])?.errorCode?.code == 508)
    }

    @Test func rfc8656Section7_2_unclaimedReservationsExpireAfter30Seconds() {
        var harness = TURNTestHarness()
        var rtp = TURNTestClient(port: 50000)
        _ = harness.request(&rtp, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        let first = harness.request(&rtp, .allocate, [.requestedTransport(protocolNumber: 17),
                                                      .evenPort(reserveNextPort: true)])
        #expect(first?.xorRelayedAddress?.port == 49152)
        guard let token = Self.token(first) else { Issue.record("no RESERVATION-TOKEN"); return }
        #expect(harness.server.pollTimeout() == MonotonicTime.zero + .seconds(30))
        _ = harness.advance(.seconds(30))
        var late = TURNTestClient(port: 50001)
        _ = harness.request(&late, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        #expect(harness.request(&late, .allocate, [.requestedTransport(protocolNumber: 17),
                                                   .reservationToken(token)])?.errorCode?.code == 508)
        // The reserved port went back to the pool.
        #expect(harness.request(&late, .allocate, [.requestedTransport(protocolNumber: 17)])?.xorRelayedAddress?.port == 49153)
    }

    @Test func rfc8656Section7_2_tokenWithEvenPortIs400AndUnknownTokenIs508() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        #expect(harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17), .reservationToken(0),
                                                     .evenPort(reserveNextPort: false)])?.errorCode?.code == 400)
        #expect(harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17),
                                                     .reservationToken(0)])?.errorCode?.code == 508)
        #expect(harness.server.allocations.isEmpty)
    }
}
