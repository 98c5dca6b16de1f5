import BeepRTP
import BenchSupport

/// The packet every RTP benchmark works on: a 1200-byte video packet as Chromium sends it,
/// with RFC 8285 one-byte header extensions for mid, abs-send-time, transport-wide-cc and
/// audio level (ids 1-4), and the extension map negotiated for them.
enum RTPSamplePacket {
    /// Total size of the packet on the wire.
    static let length = 1200

    /// The `a=extmap` ids of the sample's extensions.
    static let map: RTPHeaderExtensionMap = {
        do {
            return try RTPHeaderExtensionMap([.mid: 1, .absSendTime: 2, .transportWideSequenceNumber: 3, .audioLevel: 4])
        } catch {
            fail("RTP sample: extension map rejected: \(error)")
        }
    }()

    /// The packet as a value, built through the public API.
    static let packet: RTPPacket = {
        do {
            let headerExtension = try RTPHeaderExtension(elements: [
                RTPHeaderExtensionElement(id: 1, data: Array("1".utf8)),
                RTPHeaderExtensionElement(id: 2, data: AbsSendTime(seconds: 12.5).bytes),
                RTPHeaderExtensionElement(id: 3, data: TransportWideSequenceNumber.bytes(4711)),
                RTPHeaderExtensionElement(id: 4, data: AudioLevel(voiceActivity: true, level: 30).bytes),
            ], form: .oneByte)
            let headerLength = RTPHeaderView.fixedHeaderLength + 4 + headerExtension.data.count
            let payload = (0..<(length - headerLength)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            return RTPPacket(marker: true, payloadType: 96, sequenceNumber: 4242, timestamp: 3_000_000,
                             ssrc: 0x1122_3344, headerExtension: headerExtension, payload: payload)
        } catch {
            fail("RTP sample: header extension rejected: \(error)")
        }
    }()

    /// The wire bytes of ``packet``; exactly ``length`` long.
    static let bytes: [UInt8] = {
        do {
            let bytes = try packet.serialized()
            guard bytes.count == length else { fail("RTP sample: \(bytes.count) bytes, expected \(length)") }
            return bytes
        } catch {
            fail("RTP sample: serialisation failed: \(error)")
        }
    }()
}
