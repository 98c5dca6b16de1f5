import BeepPeer
import BeepRTCP
import BeepRTP
import BeepWire
import Testing

/// RFC 3550 §6.4.1 sender info: counts and the extrapolated RTP timestamp.
@Suite("SenderStatistics (RFC 3550 §6.4.1)")
struct SenderStatisticsTests {
    @Test("RFC 3550 §6.4.1: packet and payload octet counts exclude headers")
    func counts() throws {
        var stats = SenderStatistics(ssrc: 0x5555, clock: .opus)
        let payloads = [[UInt8](repeating: 1, count: 100), [UInt8](repeating: 2, count: 37)]
        for (index, payload) in payloads.enumerated() {
            let packet = RTCPStatsFixture.rtpPacket(ssrc: 0x5555, sequenceNumber: UInt16(index), timestamp: 960,
                                                    payload: payload)
            let counted = stats.record(try RTPHeaderView(parsing: packet), now: .zero)
            #expect(counted)
        }
        let other = RTCPStatsFixture.rtpPacket(ssrc: 0x6666, sequenceNumber: 0, timestamp: 0)
        let counted = stats.record(try RTPHeaderView(parsing: other), now: .zero)
        #expect(!counted)
        #expect(stats.packetCount == UInt32(payloads.count))
        #expect(stats.octetCount == UInt32(payloads.map(\.count).reduce(0, +)))
    }

    @Test("RFC 3550 §6.4.1: the SR RTP timestamp is the last one advanced by elapsed time × clock rate")
    func extrapolation() throws {
        var stats = SenderStatistics(ssrc: 0x5555, clock: .video)
        let early = stats.makeSenderReport(now: .zero, wallClock: NTPTimestamp(rawValue: 1))
        #expect(early == nil)
        let sentAt = RTCPStatsFixture.at(milliseconds: 1_000)
        stats.record(timestamp: 123_456, payloadLength: 1000, now: sentAt)
        let wallClock = NTPTimestamp(seconds: 0xb44d_b705, fraction: 0x2000_0000)
        // 250 ms later at 90 kHz: 22 500 ticks.
        let made = stats.makeSenderReport(now: sentAt + .milliseconds(250), wallClock: wallClock)
        let report = try #require(made)
        #expect(report.rtpTimestamp == 123_456 + 90_000 / 4)
        #expect(report.ntpTimestamp == wallClock)
        #expect(report.ssrc == 0x5555)
        #expect(report.packetCount == 1)
        #expect(report.octetCount == 1000)
        #expect(!stats.sentSinceLastReport)
    }

    @Test("RFC 3550 §6.4.1: extrapolation wraps the 32-bit RTP timestamp")
    func extrapolationWraps() {
        var stats = SenderStatistics(ssrc: 1, clock: .opus)
        stats.record(timestamp: UInt32.max - 99, payloadLength: 10, now: .zero)
        // 10 ms at 48 kHz = 480 ticks: (2^32 - 100) + 480 wraps to 380.
        #expect(stats.rtpTimestamp(at: RTCPStatsFixture.at(milliseconds: 10)) == 380)
    }

    @Test("RFC 3550 §6.4.1: counts wrap at 2^32 instead of trapping")
    func octetCountWraps() {
        var stats = SenderStatistics(ssrc: 1, clock: .opus)
        stats.record(timestamp: 0, payloadLength: Int(UInt32.max), now: .zero)
        stats.record(timestamp: 0, payloadLength: 2, now: .zero)
        #expect(stats.octetCount == 1)
    }
}
