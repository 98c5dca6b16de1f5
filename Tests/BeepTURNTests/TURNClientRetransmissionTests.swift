import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// Request retransmission over UDP and its absence over TCP (RFC 8489 §6.2.1, §6.2.2).
@Suite struct TURNClientRetransmissionTests {
    @Test func udpRequestsAreRetransmittedWithADoublingRTO() throws {
        var bed = TURNClientTestBed()
        bed.dropToServer = 3
        bed.allocate()
        bed.advance(.seconds(10))
        let sends = bed.clientTransmits.prefix(4)
        try #require(sends.count == 4)
        // The same bytes at 0, 0.5, 1.5 and 3.5 s (RTO 500 ms doubling).
        #expect(Set(sends.map(\.bytes)).count == 1)
        let times: [Duration] = sends.map { $0.time - MonotonicTime.zero }
        let expected: [Duration] = [.zero, .milliseconds(500), .milliseconds(1500), .milliseconds(3500)]
        #expect(times == expected)
        #expect(bed.client.statistics.retransmissions == 3)
        #expect(bed.client.state == .allocated)
    }

    @Test func udpRequestGivesUpAfter39AndAHalfSeconds() {
        var bed = TURNClientTestBed()
        bed.partitioned = true
        bed.client.allocate(now: bed.now)
        bed.advance(.seconds(39))
        #expect(bed.failure == nil)
        bed.advance(.seconds(1))
        #expect(bed.failure?.code == .timeout)
        // Rc = 7 sends in all (RFC 8489 §6.2.1).
        #expect(bed.clientTransmits.count == 7)
    }

    @Test func tcpRequestsAreNeverRetransmitted() {
        var bed = TURNClientTestBed(transport: .tcp)
        bed.partitioned = true
        bed.client.allocate(now: bed.now)
        bed.advance(.seconds(39))
        #expect(bed.clientTransmits.count == 1)
        #expect(bed.failure == nil)
        bed.advance(.seconds(1))
        #expect(bed.failure?.code == .timeout)
        #expect(bed.clientTransmits.count == 1)
    }

    @Test func signedSuccessWithABadMACIsIgnored() throws {
        var bed = TURNClientTestBed()
        bed.partitioned = true
        bed.allocate()
        // Forge a success response to the first (unsigned) Allocate: accepted only because the
        // request was unsigned, so instead answer the signed retry after a real challenge.
        let first = try #require(bed.sentRequests.first?.message)
        let challenge = first.errorResponse(.unauthenticated, attributes: [.realm("beep.test"), .nonce("n1")])
        bed.client.handleReceived(try challenge.serialize(), now: bed.now)
        let polled = bed.client.pollTransmit()
        let retry = try #require(polled)
        let signed = try STUNMessage.parse(retry)
        #expect(signed.hasIntegrity)
        let forged = signed.successResponse(attributes: [.xorRelayedAddress(.ipv4(203, 0, 113, 9, port: 5000))])
        bed.client.handleReceived(try forged.serialize(integrity: STUNIntegrityKey(bytes: [1, 2, 3])), now: bed.now)
        #expect(bed.client.state == .allocating)
        #expect(bed.client.statistics.droppedInput == 1)
    }

    @Test func malformedInputNeverCrashesTheClient() {
        var bed = TURNClientTestBed()
        bed.allocate()
        var generator = SplitMix64(seed: 99)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            bed.client.handleReceived(bytes, now: bed.now)
            bed.client.handleReceived([0x40, 0x00, 0xFF, 0xFF] + bytes, now: bed.now)
        }
        #expect(bed.client.state == .allocated)
        #expect(bed.client.statistics.droppedInput > 0)
    }
}
