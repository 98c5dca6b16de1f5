import BeepWire

/// Builders shared by the RTCP bookkeeping tests.
enum RTCPStatsFixture {
    /// A minimal RTP packet (RFC 3550 §5.1 fixed header, no CSRC/extension): version 2, PT 96.
    static func rtpPacket(ssrc: UInt32, sequenceNumber: UInt16, timestamp: UInt32,
                          payload: [UInt8] = [0xAB, 0xCD]) -> [UInt8] {
        var bytes: [UInt8] = [0x80, 96, UInt8(sequenceNumber >> 8), UInt8(truncatingIfNeeded: sequenceNumber)]
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: timestamp >> UInt32(shift))) }
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: ssrc >> UInt32(shift))) }
        return bytes + payload
    }

    /// `milliseconds` after the monotonic origin.
    static func at(milliseconds: Int64) -> MonotonicTime {
        MonotonicTime(nanoseconds: milliseconds * 1_000_000)
    }
}
