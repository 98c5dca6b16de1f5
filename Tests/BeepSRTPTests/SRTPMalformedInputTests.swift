import BeepSRTP
import BeepTestSupport
import Testing

@Suite struct SRTPMalformedInputTests {
    /// Random datagrams (seeded), half of them shaped like RTP/RTCP (version 2), never
    /// crash, never decrypt, and leave the context able to receive genuine packets.
    @Test(arguments: SRTPProfile.allCases)
    func randomPacketsAreRejectedAndTheContextKeepsWorking(profile: SRTPProfile) throws {
        let (senderKeys, receiverKeys) = SRTPContextTests.keyPair(profile)
        let sender = try SRTPContext(keys: senderKeys)
        let receiver = try SRTPContext(keys: receiverKeys)
        var generator = SeededGenerator(seed: 7)
        var rejected = 0
        for round in 0..<1_000 {
            let length = Int.random(in: 0...1_400, using: &generator)
            var packet = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 2 == 0, !packet.isEmpty { packet[0] = 0x80 | (packet[0] & 0x3F) }
            var rtcp = packet
            if (try? receiver.unprotectRTP(&packet)) == nil { rejected += 1 }
            if (try? receiver.unprotectRTCP(&rtcp)) == nil { rejected += 1 }
        }
        #expect(rejected == 2_000)
        var genuine = SRTPContextTests.rtp(sequence: 300)
        try sender.protectRTP(&genuine)
        try receiver.unprotectRTP(&genuine)
        #expect(genuine == SRTPContextTests.rtp(sequence: 300))
    }
}
