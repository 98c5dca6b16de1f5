import BeepWire
import Testing

@Suite struct SequenceAndTimeTests {
    @Test(arguments: [
        (UInt16(1), UInt16(0), true),
        (UInt16(0), UInt16(65535), true),   // wrap
        (UInt16(65535), UInt16(0), false),
        (UInt16(100), UInt16(100), false),
        (UInt16(0x8000), UInt16(0), false), // exactly half the circle is not newer
        (UInt16(0x7FFF), UInt16(0), true),
    ])
    func rfc3550SequenceComparisonWraps(lhs: UInt16, rhs: UInt16, newer: Bool) {
        #expect(SequenceArithmetic.isNewer(lhs, than: rhs) == newer)
    }

    @Test func distanceIsSigned() {
        #expect(SequenceArithmetic.distance(from: 65530, to: 4) == 10)
        #expect(SequenceArithmetic.distance(from: 4, to: 65530) == -10)
        #expect(SequenceArithmetic.distance(from: UInt32.max, to: 1) == 2)
    }

    @Test func unwrapperCountsCyclesAndToleratesReordering() {
        var unwrapper = SequenceUnwrapper()
        #expect(unwrapper.unwrap(65534) == 65534)
        #expect(unwrapper.unwrap(65535) == 65535)
        #expect(unwrapper.unwrap(1) == 65537)        // wrapped
        #expect(unwrapper.unwrap(0) == 65536)        // late packet, below highest
        #expect(unwrapper.extendedHighest == 65537)
        #expect(unwrapper.unwrap(2) == 65538)
    }

    @Test func timestampUnwrapperCountsCycles() {
        var unwrapper = TimestampUnwrapper()
        #expect(unwrapper.unwrap(UInt32.max - 959) == Int64(UInt32.max) - 959)
        #expect(unwrapper.unwrap(0) == Int64(UInt32.max) + 1)
    }

    @Test func ntpTimestampConvertsUnixTime() {
        let ntp = NTPTimestamp(unixSeconds: 1.5)
        #expect(ntp.seconds == 2_208_988_801)
        #expect(ntp.fraction == 0x8000_0000)
        #expect(abs(ntp.unixSeconds - 1.5) < 1e-9)
        #expect(ntp.compact == UInt32(truncatingIfNeeded: ntp.rawValue >> 16))
    }

    @Test func rfc3550Section6_4_1RoundTripExample() {
        // The worked example in RFC 3550 §6.4.1: A = 0xb710:8000 (46864.500 s),
        // LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000 (5.250 s) -> RTT 6.125 s.
        let rtt = CompactNTP.roundTrip(arrival: 0xB710_8000, lastSR: 0xB705_2000, delaySinceLastSR: 0x0005_4000)
        #expect(rtt == 6.125)
        #expect(CompactNTP.roundTrip(arrival: 10, lastSR: 0, delaySinceLastSR: 0) == nil)
    }

    @Test func rtpClockConvertsAndWraps() {
        #expect(RTPClock.opus.ticks(seconds: 0.02) == 960)
        #expect(RTPClock.video.ticks(seconds: 1) == 90_000)
        #expect(RTPClock(rate: 0).rate == 1)
        #expect(RTPClock.video.seconds(ticks: 45_000) == 0.5)
        #expect(RTPClock.video.ticks(seconds: .infinity) == 0)
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        // The CRC-32/ISO-HDLC check value for "123456789".
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }
}

@Suite struct MonotonicTimeTests {
    @Test func arithmeticWithDurations() {
        let start = MonotonicTime(sinceOrigin: .seconds(5))
        let later = start + .milliseconds(250)
        #expect(later.nanoseconds == 5_250_000_000)
        #expect(later - start == .milliseconds(250))
        #expect(start - later == .milliseconds(-250))
        #expect(later - .milliseconds(250) == start)
        #expect(start < later)
    }

    @Test func saturatesInsteadOfTrapping() {
        let end = MonotonicTime(nanoseconds: .max - 1) + .seconds(10)
        #expect(end.nanoseconds == .max)
        #expect(MonotonicTime(sinceOrigin: .seconds(Int64.max)).nanoseconds == .max)
    }
}
