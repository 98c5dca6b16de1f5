import BeepTestSupport
import BeepRTCP
import BeepWire
import Testing

/// Transport-wide congestion control feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).
@Suite struct TransportWideFeedbackTests {
    /// Parses a datagram holding exactly one TWCC message, checks it serialises back byte-equal.
    func parseSingle(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> TransportWideFeedback? {
        let compound = try RTCPCompound.parse(bytes)
        #expect(try compound.serialize() == bytes, "byte-equal round trip", sourceLocation: sourceLocation)
        guard compound.packets.count == 1, case .transportWideFeedback(let feedback)? = compound.packets.first else {
            Issue.record("expected one TWCC packet, got \(compound.packets)", sourceLocation: sourceLocation)
            return nil
        }
        return feedback
    }

    // MARK: Hand-assembled, one per chunk kind

    /// Run length chunk (§3.1.3): 0x2003 = T=0, S=01 (small delta), run 3; base 65534 wraps to 0;
    /// reference time 0xFFFFFF = -1 (× 64 ms); deltas 4, 0, 255 ticks; 3 zero bytes of alignment.
    @Test("Run length chunk, hand-assembled (draft §3.1.3)")
    func runLengthChunk() throws {
        let bytes = hex("8fcd0006 00000001 00000002 fffe0003 ffffff07 20030400 ff000000")
        let feedback = try #require(try parseSingle(bytes))
        #expect(feedback.senderSSRC == 1)
        #expect(feedback.mediaSSRC == 2)
        #expect(feedback.referenceTime == -1)
        #expect(feedback.referenceTimeMicroseconds == -64_000)
        #expect(feedback.feedbackPacketCount == 7)
        #expect(feedback.chunks == [.runLength(.smallDelta, length: 3)])
        #expect(try feedback.packetResults() == [
            TransportWidePacketResult(sequenceNumber: 65_534, status: .smallDelta, deltaMicroseconds: 1_000),
            TransportWidePacketResult(sequenceNumber: 65_535, status: .smallDelta, deltaMicroseconds: 0),
            TransportWidePacketResult(sequenceNumber: 0, status: .smallDelta, deltaMicroseconds: 63_750),
        ])
    }

    /// Status vector chunk, 1-bit symbols (§3.1.4): 0xAC01 = T=1, S=0, symbols
    /// 1 0 1 1 0 0 0 0 0 0 0 0 0 1; four small deltas 1, 2, 3, 4 ticks; 2 bytes of alignment.
    @Test("1-bit status vector chunk, hand-assembled (draft §3.1.4)")
    func oneBitVectorChunk() throws {
        let bytes = hex("8fcd0006 0000000a 0000000b 0064000e 00001000 ac010102 03040000")
        let feedback = try #require(try parseSingle(bytes))
        #expect(feedback.referenceTime == 16)
        let s = TransportWideStatus.smallDelta, n = TransportWideStatus.notReceived
        #expect(feedback.chunks == [.oneBitVector([s, n, s, s, n, n, n, n, n, n, n, n, n, s])])
        let results = try feedback.packetResults()
        #expect(results.count == 14)
        #expect(results.filter { $0.status == .smallDelta }.map(\.sequenceNumber) == [100, 102, 103, 113])
        #expect(results.filter { $0.status == .smallDelta }.map(\.deltaMicroseconds) == [250, 500, 750, 1_000])
    }

    /// Status vector chunk, 2-bit symbols (§3.1.4): 0xE481 = T=1, S=1, symbols
    /// 10 01 00 10 00 00 01 (large, small, none, large, none, none, small); deltas: large -4,
    /// small 16, large 5000, small 0 ticks. Exactly 32-bit aligned, no padding.
    @Test("2-bit status vector chunk with negative large delta, hand-assembled (draft §3.1.4, §3.1.5)")
    func twoBitVectorChunk() throws {
        let bytes = hex("8fcd0006 0000000a 0000000b 01f40007 000001ff e481fffc 10138800")
        let feedback = try #require(try parseSingle(bytes))
        #expect(feedback.feedbackPacketCount == 255)
        #expect(feedback.chunks == [.twoBitVector([.largeDelta, .smallDelta, .notReceived, .largeDelta,
                                                   .notReceived, .notReceived, .smallDelta])])
        #expect(try feedback.packetResults() == [
            TransportWidePacketResult(sequenceNumber: 500, status: .largeDelta, deltaMicroseconds: -1_000),
            .received(501, deltaMicroseconds: 4_000),
            .notReceived(502),
            TransportWidePacketResult(sequenceNumber: 503, status: .largeDelta, deltaMicroseconds: 1_250_000),
            .notReceived(504),
            .notReceived(505),
            .received(506, deltaMicroseconds: 0),
        ])
    }

    /// §3.1.3 example 1 of the draft (as quoted in pion/rtcp `transport_layer_cc_test.go`,
    /// TestTransportLayerCC_RunLengthChunkUnmarshal "example1"): 0x00DD is a run of 221 packets
    /// not received. Wrapped here in a message with status count 221 and no deltas.
    @Test("Draft §3.1.3 example 1: run of 221 not received")
    func draftRunLengthExample() throws {
        let bytes = hex("8fcd0005 00000001 00000000 000000dd 00000000 00dd0000")
        let feedback = try #require(try parseSingle(bytes))
        #expect(feedback.chunks == [.runLength(.notReceived, length: 221)])
        #expect(try feedback.packetResults().allSatisfy { $0.status == .notReceived })
    }

    /// §3.1.4 example 1 of the draft (as quoted in pion/rtcp, TestTransportLayerCC_StatusVectorChunkUnmarshal
    /// "example1"): 0x9F1C is a 1-bit vector N S S S S S N N N S S S N N.
    @Test("Draft §3.1.4 example 1: 1-bit status vector 0x9F1C")
    func draftStatusVectorExample() throws {
        let bytes = hex("8fcd0007 00000001 00000000 0000000e 00000000 9f1c0101 01010101 01010000")
        let feedback = try #require(try parseSingle(bytes))
        let s = TransportWideStatus.smallDelta, n = TransportWideStatus.notReceived
        #expect(feedback.chunks == [.oneBitVector([n, s, s, s, s, s, n, n, n, s, s, s, n, n])])
        #expect(feedback.receiveDeltas == Array(repeating: 1, count: 8))
    }

    @Test("Arrival times accumulate deltas from the reference time (draft §3.1.5)")
    func arrivalTimes() throws {
        let bytes = hex("8fcd0006 0000000a 0000000b 01f40007 000001ff e481fffc 10138800")
        let feedback = try #require(try parseSingle(bytes))
        // Reference 1 × 64 ms; deltas -1 ms, +4 ms, (none), +1250 ms, (none), (none), +0.
        #expect(try feedback.arrivalTimesMicroseconds() == [63_000, 67_000, nil, 1_317_000, nil, nil, 1_317_000])
    }

    // MARK: Known implementation (Chrome packets quoted in pion/rtcp)

    /// pion/rtcp `transport_layer_cc_test.go`, TestTransportLayerCC_Unmarshal "example1":
    /// P bit set, one byte of RTCP padding (0x01). Run length 1 small, delta 0x94 = 37 ms.
    @Test("pion/rtcp TestTransportLayerCC_Unmarshal example1 (P-bit padding)")
    func pionExample1() throws {
        let bytes = hex("afcd0005 fa17fa17 43032fa0 00990001 3de80217 20019401")
        let compound = try RTCPCompound.parse(bytes)
        #expect(compound.paddingLength == 1)
        let feedback = try #require(try parseSingle(bytes))
        #expect(feedback.senderSSRC == 4_195_875_351)
        #expect(feedback.mediaSSRC == 1_124_282_272)
        #expect(feedback.baseSequenceNumber == 153)
        #expect(feedback.referenceTime == 4_057_090)
        #expect(feedback.feedbackPacketCount == 23)
        #expect(try feedback.packetResults() == [.received(153, deltaMicroseconds: 37_000)])
    }

    /// pion/rtcp TestTransportLayerCC_Unmarshal "example4": run length 7 small deltas, 3 bytes of
    /// RTCP padding.
    @Test("pion/rtcp TestTransportLayerCC_Unmarshal example4 (run length, 3 padding bytes)")
    func pionExample4() throws {
        let bytes = hex("afcd0007 fa17fa17 193dd8bb 00040007 10636e01 20074c24 24100c0c 10000003")
        let feedback = try #require(try parseSingle(bytes))
        #expect(feedback.referenceTime == 1_074_030)
        #expect(try feedback.packetResults().map(\.deltaMicroseconds)
            == [19_000, 9_000, 9_000, 4_000, 3_000, 3_000, 4_000])
    }

    /// pion/rtcp TestTransportLayerCC_Unmarshal "example6": 2-bit vector then a run of 48 not
    /// received that overshoots the status count of 9; one large delta of 265 ticks.
    @Test("pion/rtcp TestTransportLayerCC_Unmarshal example6 (2-bit vector, overshooting run)")
    func pionExample6() throws {
        let bytes = hex("afcd0007 9b74f61f 9371dcbc 853c0009 63f916b3 d5520030 9baa6aaa 7b010901")
        let feedback = try #require(try parseSingle(bytes))
        #expect(feedback.chunks.last == .runLength(.notReceived, length: 48))
        let results = try feedback.packetResults()
        #expect(results.count == 9)
        #expect(results.map(\.deltaMicroseconds) == [38_750, 42_500, 26_500, 42_500, 30_750, 0, 66_250, 0, 0])
        #expect(results[6].status == .largeDelta)
    }

    /// pion/rtcp TestTransportLayerCC_Marshal "example6": a 1-bit vector with 12 statuses of
    /// 14 symbols, 7 small deltas and 3 bytes of RTCP padding.
    @Test("pion/rtcp TestTransportLayerCC_Marshal example6 (1-bit vector, partial)")
    func pionMarshalExample6() throws {
        let bytes = hex("afcd0007 fa17fa17 43032fa0 9c14000c 75842000 bec0c13f 3b3f5390 3b000003")
        let feedback = try #require(try parseSingle(bytes))
        #expect(feedback.packetStatusCount == 12)
        #expect(try feedback.packetResults().filter(\.status.isReceived).map(\.deltaMicroseconds)
            == [48_250, 15_750, 14_750, 15_750, 20_750, 36_000, 14_750])
    }

    // MARK: Encoder

    @Test("Encoder picks a run length chunk for long runs")
    func encoderRuns() {
        let statuses = Array(repeating: TransportWideStatus.smallDelta, count: 100)
            + Array(repeating: .notReceived, count: 9_000)
        #expect(TransportWideFeedback.chunks(for: statuses) == [
            .runLength(.smallDelta, length: 100),
            .runLength(.notReceived, length: 8_191),
            .runLength(.notReceived, length: 809),
        ])
    }

    @Test("Encoder picks a 1-bit vector for mixed received/lost without large deltas")
    func encoderOneBit() {
        let s = TransportWideStatus.smallDelta, n = TransportWideStatus.notReceived
        let statuses = [s, n, s, n, s, n, s, n, s, n, s, n, s, n, s, s]
        #expect(TransportWideFeedback.chunks(for: statuses) == [
            .oneBitVector(Array(statuses.prefix(14))),
            .runLength(.smallDelta, length: 2),
        ])
    }

    @Test("Encoder picks a 2-bit vector when a large delta is mixed in, filling the tail")
    func encoderTwoBit() {
        let statuses: [TransportWideStatus] = [.largeDelta, .smallDelta, .notReceived]
        #expect(TransportWideFeedback.chunks(for: statuses) == [
            .twoBitVector([.largeDelta, .smallDelta, .notReceived, .notReceived, .notReceived, .notReceived,
                           .notReceived]),
        ])
    }

    @Test("Encoder fills sequence gaps with not received and rounds deltas to 250 µs")
    func encoderGaps() throws {
        let feedback = try TransportWideFeedback(
            senderSSRC: 1, mediaSSRC: 2, referenceTime: 5, feedbackPacketCount: 1,
            packets: [.received(65_535, deltaMicroseconds: 1_130), .received(2, deltaMicroseconds: 70_000)])
        #expect(feedback.baseSequenceNumber == 65_535)
        #expect(feedback.packetStatusCount == 4)
        #expect(try feedback.packetResults() == [
            .received(65_535, deltaMicroseconds: 1_250), .notReceived(0), .notReceived(1),
            TransportWidePacketResult(sequenceNumber: 2, status: .largeDelta, deltaMicroseconds: 70_000),
        ])
        try expectRoundTrip([.transportWideFeedback(feedback)])
    }

    @Test("Encoder rejects out-of-order results and deltas that do not fit")
    func encoderRejects() {
        #expect(throws: WireError.self) {
            try TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, referenceTime: 0, feedbackPacketCount: 0,
                                      packets: [.notReceived(10), .notReceived(9)])
        }
        #expect(throws: WireError.self) {
            try TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, referenceTime: 0, feedbackPacketCount: 0,
                                      packets: [TransportWidePacketResult(sequenceNumber: 1, status: .smallDelta,
                                                                          deltaMicroseconds: -250)])
        }
        #expect(throws: WireError.self) {
            try TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, referenceTime: 0, feedbackPacketCount: 0,
                                      packets: [.received(1, deltaMicroseconds: 9_000_000)])
        }
        #expect(throws: WireError.self) {
            try RTCPPacket.transportWideFeedback(
                TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0, packetStatusCount: 1,
                                      referenceTime: 0x80_0000, feedbackPacketCount: 0,
                                      chunks: [.runLength(.notReceived, length: 1)], receiveDeltas: [])).serialize()
        }
    }

    /// Random per-packet results → encoder → serialise → parse → the same results.
    @Test("Randomized encode → decode property (seeded)", arguments: [UInt64(7), 42, 0xC0FFEE, 2_026])
    func randomizedProperty(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<150 {
            let count = Int.random(in: 1...700, using: &generator)
            let base = UInt16.random(in: .min ... .max, using: &generator)
            var results: [TransportWidePacketResult] = []
            var status = TransportWideStatus.smallDelta
            for index in 0..<count {
                if Int.random(in: 0..<8, using: &generator) == 0 {
                    status = TransportWideStatus.allCases.randomElement(using: &generator) ?? .notReceived
                }
                let sequence = base &+ UInt16(index)
                switch status {
                case .notReceived:
                    results.append(.notReceived(sequence))
                case .smallDelta:
                    results.append(TransportWidePacketResult(
                        sequenceNumber: sequence, status: .smallDelta,
                        deltaMicroseconds: Int64.random(in: 0...255, using: &generator) * 250))
                case .largeDelta:
                    results.append(TransportWidePacketResult(
                        sequenceNumber: sequence, status: .largeDelta,
                        deltaMicroseconds: Int64(Int16.random(in: .min ... .max, using: &generator)) * 250))
                }
            }
            let referenceTime = Int32.random(in: -0x80_0000...0x7F_FFFF, using: &generator)
            let fbCount = UInt8.random(in: .min ... .max, using: &generator)
            let feedback = try TransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, referenceTime: referenceTime,
                                                     feedbackPacketCount: fbCount, packets: results)
            let padding = UInt8.random(in: 0...8, using: &generator)
            let bytes = try RTCPCompound(packets: [.transportWideFeedback(feedback)], paddingLength: padding).serialize()
            let parsed = try RTCPCompound.parse(bytes)
            guard case .transportWideFeedback(let decoded)? = parsed.packets.first else {
                Issue.record("expected TWCC")
                return
            }
            #expect(decoded == feedback)
            #expect(try decoded.packetResults() == results)
            #expect(try parsed.serialize() == bytes)
            // The greedy chunking never needs more chunks than one 2-bit vector per 7 packets.
            #expect(feedback.chunks.count <= (count + 6) / 7)
        }
    }
}
