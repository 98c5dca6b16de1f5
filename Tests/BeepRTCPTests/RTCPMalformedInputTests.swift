import BeepTestSupport
import BeepRTCP
import BeepWire
import Testing

/// Malformed datagrams throw ``WireError`` and never trap (DESIGN.md rule 4).
@Suite struct RTCPMalformedInputTests {
    /// SR + SDES + TWCC + NACK + REMB + XR, serialised by this module.
    static func validCompound() throws -> (bytes: [UInt8], boundaries: [Int: Int]) {
        let packets: [RTCPPacket] = [
            .senderReport(SenderReport(ssrc: 1, ntpTimestamp: NTPTimestamp(rawValue: 99), rtpTimestamp: 2,
                                       packetCount: 3, octetCount: 4,
                                       reports: [ReportBlock(ssrc: 5, fractionLost: 6, cumulativeLost: -7,
                                                             extendedHighestSequence: 8, jitter: 9,
                                                             lastSenderReport: 10, delaySinceLastSenderReport: 11)])),
            .sourceDescription(SourceDescription(chunks: [SDESChunk(ssrc: 1, items: [SDESItem(type: .cname,
                                                                                             text: "cname")])])),
            .transportWideFeedback(try TransportWideFeedback(
                senderSSRC: 1, mediaSSRC: 5, referenceTime: 3, feedbackPacketCount: 4,
                packets: [.received(10, deltaMicroseconds: 500), .notReceived(11),
                          .received(12, deltaMicroseconds: 100_000)])),
            .genericNACK(GenericNACK(senderSSRC: 1, mediaSSRC: 5, lost: [3, 4, 30])),
            .receiverEstimatedMaxBitrate(ReceiverEstimatedMaxBitrate(senderSSRC: 1, bitrate: 2_000_000, ssrcs: [5])),
            .extendedReport(ExtendedReport(ssrc: 1, blocks: [.dlrr([DLRRSubBlock(ssrc: 5, lastReceiverReport: 1,
                                                                                  delaySinceLastReceiverReport: 2)])])),
        ]
        var boundaries: [Int: Int] = [:]
        var total = 0
        for (index, packet) in packets.enumerated() {
            total += try packet.serialize().count
            boundaries[total] = index + 1
        }
        return (try RTCPCompound(packets: packets).serialize(), boundaries)
    }

    @Test("Truncated at every length: throws unless the cut falls on a packet boundary")
    func truncatedEverywhere() throws {
        let (bytes, boundaries) = try Self.validCompound()
        let full = try RTCPCompound.parse(bytes)
        for length in 0..<bytes.count {
            let prefix = Array(bytes.prefix(length))
            if let packetCount = boundaries[length] {
                // A cut between packets leaves a shorter, valid datagram.
                #expect(try RTCPCompound.parse(prefix).packets == Array(full.packets.prefix(packetCount)))
            } else {
                #expect(throws: WireError.self, "prefix of \(length) bytes") { try RTCPCompound.parse(prefix) }
            }
        }
    }

    static let malformed: [(String, String)] = [
        ("empty datagram", ""),
        ("version 0", "00c90001 00000001"),
        ("version 1", "40c90001 00000001"),
        ("version 3", "c0c90001 00000001"),
        ("length field beyond the datagram", "80c90002 00000001"),
        ("trailing bytes shorter than a header", "80c90001 00000001 80"),
        ("padding on a non-last packet", "a0c90001 00000001 80c90001 00000002"),
        ("padding count zero", "a0c90001 00000000"),
        ("padding count beyond the body", "a0c90001 00000009"),
        ("padding bit with an empty body", "a0c90000"),
        ("RR count beyond the body", "81c90001 00000001"),
        ("SR shorter than sender info", "80c80002 00000001 00000000"),
        ("SDES item length beyond the body", "81ca0002 00000001 0105abcd"),
        ("SDES missing null terminator", "81ca0002 00000001 01026162"),
        ("SDES bytes after the chunks", "81ca0003 00000001 01016100 00000000"),
        ("BYE reason length beyond the body", "80cb0001 09616263"),
        ("BYE count beyond the body", "82cb0001 00000001"),
        ("APP shorter than SSRC + name", "80cc0001 00000001"),
        ("feedback shorter than two SSRCs", "81cd0001 00000001"),
        ("NACK FCI not a multiple of 4 (last packet, padding)", "a1cd0003 00000001 00000002 12340001"),
        ("FIR FCI not a multiple of 8", "84ce0003 00000001 00000000 00000002"),
        ("REMB Num SSRC larger than the list", "8fce0005 00000001 00000000 52454d42 02000001 00000005"),
        ("REMB shorter than its header", "8fce0003 00000001 00000000 52454d42"),
        ("TWCC status count larger than the chunks", "8fcd0005 00000001 00000002 00000010 00000001 2003 0000"),
        ("TWCC missing receive deltas", "8fcd0005 00000001 00000002 00000003 00000001 20030400"),
        ("TWCC bytes beyond the deltas", "8fcd0006 00000001 00000002 00000001 00000001 20010400 00000000"),
        ("TWCC reserved status symbol in a run", "8fcd0005 00000001 00000002 00000001 00000001 60010000"),
        ("TWCC reserved status symbol in a 2-bit vector", "8fcd0005 00000001 00000002 00000001 00000001 f0000000"),
        ("TWCC header truncated", "8fcd0003 00000001 00000002 00000001"),
        ("XR block length beyond the packet", "80cf0002 00000001 04000002"),
        ("XR RRT block of the wrong size", "80cf0003 00000001 04000001 00000001"),
        ("XR DLRR not a multiple of 12", "80cf0003 00000001 05000001 00000001"),
    ]

    @Test("Malformed datagrams throw WireError", arguments: malformed)
    func malformedThrows(_ name: String, _ hexText: String) {
        let bytes = hex(hexText)
        #expect(throws: WireError.self, "\(name)") { try RTCPCompound.parse(bytes) }
    }

    @Test("Unrepresentable packets fail to serialise with WireError")
    func unrepresentable() {
        let block = ReportBlock(ssrc: 0, fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 0, jitter: 0,
                                lastSenderReport: 0, delaySinceLastSenderReport: 0)
        let cases: [RTCPPacket] = [
            .receiverReport(ReceiverReport(ssrc: 0, reports: Array(repeating: block, count: 32))),
            .sourceDescription(SourceDescription(chunks: [SDESChunk(ssrc: 0, items: [SDESItem(type: .cname,
                                                                                              value: Array(repeating: 0x61, count: 256))])])),
            .sourceDescription(SourceDescription(chunks: [SDESChunk(ssrc: 0, items: [SDESItem(type: SDESItemType(rawValue: 0),
                                                                                              value: [])])])),
            .goodbye(Goodbye(sources: [], reason: Array(repeating: 0, count: 256))),
            .applicationDefined(ApplicationDefined(subtype: 32, ssrc: 0, name: 0, data: [])),
            .receiverEstimatedMaxBitrate(ReceiverEstimatedMaxBitrate(senderSSRC: 0, exponent: 64, mantissa: 1, ssrcs: [])),
            .receiverEstimatedMaxBitrate(ReceiverEstimatedMaxBitrate(senderSSRC: 0, exponent: 0, mantissa: 0x4_0000,
                                                                     ssrcs: [])),
            .transportWideFeedback(TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0,
                                                         packetStatusCount: 15, referenceTime: 0,
                                                         feedbackPacketCount: 0,
                                                         chunks: [.oneBitVector(Array(repeating: .smallDelta,
                                                                                      count: 14))],
                                                         receiveDeltas: Array(repeating: 0, count: 14))),
            .transportWideFeedback(TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0,
                                                         packetStatusCount: 1, referenceTime: 0,
                                                         feedbackPacketCount: 0,
                                                         chunks: [.runLength(.smallDelta, length: 1)],
                                                         receiveDeltas: [])),
            .transportWideFeedback(TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0,
                                                         packetStatusCount: 1, referenceTime: 0,
                                                         feedbackPacketCount: 0,
                                                         chunks: [.runLength(.smallDelta, length: 1)],
                                                         receiveDeltas: [256])),
            .transportWideFeedback(TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0,
                                                         packetStatusCount: 1, referenceTime: 0,
                                                         feedbackPacketCount: 0,
                                                         chunks: [.oneBitVector([.largeDelta])], receiveDeltas: [0])),
            .transportWideFeedback(TransportWideFeedback(senderSSRC: 0, mediaSSRC: 0, baseSequenceNumber: 0,
                                                         packetStatusCount: 1, referenceTime: 0,
                                                         feedbackPacketCount: 0,
                                                         chunks: [.runLength(.notReceived, length: 8_192)],
                                                         receiveDeltas: [])),
            .extendedReport(ExtendedReport(ssrc: 0, blocks: [.raw(RawExtendedReportBlock(blockType: 9, typeSpecific: 0,
                                                                                         content: [1]))])),
        ]
        for packet in cases {
            #expect(throws: WireError.self, "\(packet)") { try packet.serialize() }
        }
        #expect(throws: WireError.self) { try RTCPCompound(packets: []).serialize() }
    }

    /// Datagrams found by mutation fuzzing that parsed but did not survive
    /// parse → serialise → parse: P-bit padding (RFC 3550 §6.4.1) whose count alone does not
    /// align the packet, the rest being zero alignment octets inside the body that the model
    /// drops (after TWCC receive deltas, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1;
    /// after a BYE reason, RFC 3550 §6.6). The writer used to raise the padding count instead.
    static let paddingAfterAlignment: [(String, String)] = [
        // TWCC, count 5, 2-bit vector of 7 symbols, a large delta, 2 zero octets, padding 1.
        ("TWCC 2-bit vector beyond the status count", "afcd0006 e08672f4 fbe284a3 00000005 0048f400 e1052300 00000001"),
        // TWCC, count 4, run length chunk of 5, a large delta, 2 zero octets, padding 1.
        ("TWCC run length beyond the status count", "afcd0006 e08672f4 fbe284a3 00000004 0048f400 20052300 00000001"),
        // BYE of SSRC 1 with an empty reason, 2 zero octets, padding 1.
        ("BYE with an empty reason", "a1cb0002 00000001 00000001"),
    ]

    @Test("Fuzz regression: padding after body alignment round-trips (RFC 3550 §6.4.1)",
          arguments: paddingAfterAlignment)
    func paddingAfterAlignmentRoundTrips(_ name: String, _ hexText: String) throws {
        let bytes = hex(hexText)
        let compound = try RTCPCompound.parse(bytes)
        #expect(compound.paddingLength == 1, "\(name)")
        let again = try compound.serialize()
        #expect(again == bytes, "\(name): zero alignment and padding are rewritten as received")
        #expect(try RTCPCompound.parse(again) == compound, "\(name)")
    }

    /// Single TWCC messages with P-bit padding of 1...7 octets over bodies of every length
    /// modulo 4, some with 2-bit vectors and large deltas (draft §3.1.4, §3.1.5).
    static func paddedTransportWideFeedback() throws -> [[UInt8]] {
        let shapes: [[TransportWidePacketResult]] = [
            [.received(10, deltaMicroseconds: 500)],
            [.received(10, deltaMicroseconds: 500), .received(11, deltaMicroseconds: -2_000)],
            [.received(10, deltaMicroseconds: 100_000), .notReceived(11), .received(12, deltaMicroseconds: 250)],
            (0..<9).map { .received(UInt16(40 + $0), deltaMicroseconds: Int64($0) * 1_000) },
            [.notReceived(7), .received(8, deltaMicroseconds: 0), .received(9, deltaMicroseconds: 70_000)],
        ]
        var datagrams: [[UInt8]] = []
        for (index, packets) in shapes.enumerated() {
            let feedback = try TransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, referenceTime: -3,
                                                     feedbackPacketCount: UInt8(index), packets: packets)
            for padding in UInt8(1)...7 {
                datagrams.append(try RTCPCompound(packets: [.transportWideFeedback(feedback)],
                                                  paddingLength: padding).serialize())
            }
        }
        return datagrams
    }

    /// Random bytes and bit-flipped valid datagrams (a compound without padding, and padded TWCC
    /// messages): parsing never traps, and whatever parses serialises and re-parses to the same
    /// model.
    @Test("Fuzz: random and mutated datagrams never trap (seeded)", arguments: [UInt64(1), 99, 31_337])
    func fuzz(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let (valid, _) = try Self.validCompound()
        let padded = try Self.paddedTransportWideFeedback()
        var accepted = 0
        var acceptedPadded = 0
        for round in 0..<3_000 {
            var input: [UInt8]
            if round % 3 == 1 {
                input = padded[Int.random(in: 0..<padded.count, using: &generator)]
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let index = Int.random(in: 0..<input.count, using: &generator)
                    input[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
                }
            } else if round % 3 == 0 {
                input = (0..<Int.random(in: 0...64, using: &generator)).map { _ in
                    UInt8.random(in: .min ... .max, using: &generator)
                }
                if !input.isEmpty { input[0] = 0x80 | (input[0] & 0x3F) }
            } else {
                input = valid
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let index = Int.random(in: 0..<input.count, using: &generator)
                    input[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator)
                }
                if Bool.random(using: &generator) {
                    input.removeLast(Int.random(in: 0...8, using: &generator))
                }
            }
            guard let compound = try? RTCPCompound.parse(input) else { continue }
            accepted += 1
            if round % 3 == 1, compound.paddingLength > 0 { acceptedPadded += 1 }
            let again = try compound.serialize()
            #expect(try RTCPCompound.parse(again) == compound, "input \(input)")
        }
        #expect(accepted > 0, "some mutations stay valid")
        #expect(acceptedPadded > 0, "some mutated padded TWCC messages stay valid")
    }
}
