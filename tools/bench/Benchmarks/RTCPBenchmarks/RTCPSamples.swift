import BeepRTCP
import BeepWire
import BenchSupport

/// The RTCP datagrams the benchmarks parse and serialise, built through the public API.
enum RTCPSamples {
    /// A sender's regular compound report (RFC 3550 §6.1): SR with 2 report blocks, SDES
    /// with a CNAME (§6.5.1), and a REMB (draft-alvestrand-rmcat-remb-03 §2.2).
    static let senderCompound = RTCPCompound(packets: [
        .senderReport(SenderReport(
            ssrc: 0x0DF4_4AC2, ntpTimestamp: NTPTimestamp(seconds: 3_973_000_000, fraction: 0x3887_229E),
            rtpTimestamp: 0x8F9B_4440, packetCount: 1234, octetCount: 987_654,
            reports: [
                ReportBlock(ssrc: 0xE2A1_EC87, fractionLost: 3, cumulativeLost: 17, extendedHighestSequence: 0x0001_52CC,
                            jitter: 42, lastSenderReport: 0x28C8_F649, delaySinceLastSenderReport: 0x0001_1323),
                ReportBlock(ssrc: 0x9464_7AFF, fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 0x0000_7ABF,
                            jitter: 7, lastSenderReport: 0x28C8_F649, delaySinceLastSenderReport: 0x0000_E00A),
            ])),
        .sourceDescription(SourceDescription(chunks: [
            SDESChunk(ssrc: 0x0DF4_4AC2, items: [SDESItem(type: .cname, text: "pfz2c40xgclBsgR")]),
        ])),
        .receiverEstimatedMaxBitrate(ReceiverEstimatedMaxBitrate(
            senderSSRC: 0x0DF4_4AC2, bitrate: 2_500_000, ssrcs: [0xE2A1_EC87, 0x9464_7AFF])),
    ])

    /// A transport-wide congestion control feedback
    /// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) for 50 packets: mostly
    /// small deltas, a few large ones and a few losses, as a receiver under light loss sends.
    static let transportWideFeedback: RTCPPacket = {
        var results: [TransportWidePacketResult] = []
        for index in 0..<50 {
            let sequence = UInt16(truncatingIfNeeded: 1000 &+ index)
            if index % 13 == 5 {
                results.append(.notReceived(sequence))
            } else {
                let delta: Int64 = index % 17 == 3 ? -8_000 : index % 11 == 7 ? 70_000 : Int64(index % 5) * 1_250
                results.append(.received(sequence, deltaMicroseconds: delta))
            }
        }
        do {
            return .transportWideFeedback(try TransportWideFeedback(
                senderSSRC: 0x0DF4_4AC2, mediaSSRC: 0xE2A1_EC87, referenceTime: 123_456,
                feedbackPacketCount: 9, packets: results))
        } catch {
            fail("TWCC sample rejected: \(error)")
        }
    }()

    /// Wire bytes of ``senderCompound``.
    static let senderCompoundBytes: [UInt8] = serialize(senderCompound, "SR+SDES+REMB compound")

    /// Wire bytes of ``transportWideFeedback`` as a datagram of its own.
    static let transportWideFeedbackBytes: [UInt8] =
        serialize(RTCPCompound(packets: [transportWideFeedback]), "TWCC feedback")

    /// Serialises `compound`, failing the run loudly if it cannot be.
    private static func serialize(_ compound: RTCPCompound, _ name: String) -> [UInt8] {
        do {
            let bytes = try compound.serialize()
            // The sample must survive a round trip, or the parse benchmark measures an error path.
            guard try RTCPCompound.parse(bytes) == compound else { fail("\(name): round trip differs") }
            return bytes
        } catch {
            fail("\(name) sample: \(error)")
        }
    }
}
