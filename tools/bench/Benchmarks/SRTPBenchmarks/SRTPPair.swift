import BeepSRTP
import BenchSupport

/// Two SRTP contexts with mirrored keys (the sender's local keys are the receiver's remote
/// keys) and the RTP packet the benchmarks protect.
enum SRTPPair {
    /// Bytes of the benchmarked RTP packet: 12-byte fixed header + 1188-byte payload.
    static let packetLength = 1200

    /// A sender and a receiver for `profile`; exits the run if libsrtp refuses the keys.
    static func make(_ profile: SRTPProfile) -> (sender: SRTPContext, receiver: SRTPContext) {
        let (keyA, saltA) = keying(profile, senderToReceiver: true)
        let (keyB, saltB) = keying(profile, senderToReceiver: false)
        do {
            let sender = try SRTPContext(keys: SRTPKeys(profile: profile, localKey: keyA, localSalt: saltA,
                                                        remoteKey: keyB, remoteSalt: saltB))
            let receiver = try SRTPContext(keys: SRTPKeys(profile: profile, localKey: keyB, localSalt: saltB,
                                                          remoteKey: keyA, remoteSalt: saltA))
            return (sender, receiver)
        } catch {
            fail("cannot create \(profile.name) contexts: \(error)")
        }
    }

    /// The master key and salt of one direction (the two directions differ).
    static func keying(_ profile: SRTPProfile, senderToReceiver: Bool) -> (key: [UInt8], salt: [UInt8]) {
        (pattern(count: profile.masterKeyLength, start: senderToReceiver ? 0x10 : 0x80),
         pattern(count: profile.masterSaltLength, start: senderToReceiver ? 0x40 : 0xC0))
    }

    /// The plaintext RTP packet (RFC 3550 §5.1: V=2, PT 96, SSRC 0x1234_5678), with spare
    /// capacity for the SRTP trailer so that protecting it never reallocates.
    static func plaintext(capacityFor profile: SRTPProfile) -> [UInt8] {
        var packet: [UInt8] = []
        packet.reserveCapacity(packetLength &+ SRTPContext.maximumRTPTrailer)
        packet += [0x80, 0x60, 0x00, 0x00, 0x00, 0x01, 0x5F, 0x90, 0x12, 0x34, 0x56, 0x78]
        packet += pattern(count: packetLength &- 12, start: 0x00)
        return packet
    }

    /// Writes the RTP sequence number (bytes 2-3, big-endian) of `packet`.
    @inline(__always)
    static func write(sequenceNumber: UInt16, into packet: inout [UInt8]) {
        packet[2] = UInt8(truncatingIfNeeded: sequenceNumber >> 8)
        packet[3] = UInt8(truncatingIfNeeded: sequenceNumber)
    }

    /// `count` bytes counting up from `start` (wrapping).
    private static func pattern(count: Int, start: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0) &+ start }
    }
}
