@testable import BeepSFUServer
import Testing

@Suite struct TransitTimeHistogramTests {
    @Test func isExactBelowSixteenMicrosecondsAndWithinOneSixteenthAbove() {
        for value in [0, 1, 15, 16, 17, 31, 32, 33, 100, 1_000, 12_345, 999_999, 1 << 29] as [UInt64] {
            let bucket = TransitTimeHistogram.bucket(of: value)
            let upper = TransitTimeHistogram.upperBound(of: bucket)
            #expect(upper >= value, "value \(value) above its bucket's upper bound \(upper)")
            #expect(Double(upper - value) <= Double(value) / 16 + 1, "bucket of \(value) too wide: \(upper)")
            if value < 16 { #expect(upper == value) }
            if bucket > 0 { #expect(TransitTimeHistogram.upperBound(of: bucket - 1) < value) }
        }
    }

    @Test func bucketsAreContiguousAndOrdered() {
        var previousUpper: UInt64 = 0
        for bucket in 1..<432 {
            let upper = TransitTimeHistogram.upperBound(of: bucket)
            #expect(upper > previousUpper)
            #expect(TransitTimeHistogram.bucket(of: previousUpper + 1) == bucket)
            #expect(TransitTimeHistogram.bucket(of: upper) == bucket)
            previousUpper = upper
        }
    }

    @Test func percentilesOfAKnownDistribution() {
        var histogram = TransitTimeHistogram()
        #expect(histogram.percentile(0.5) == nil)
        // 1000 values: 1..1000 µs.
        for microseconds in 1...1000 { histogram.record(nanoseconds: Int64(microseconds) * 1000) }
        #expect(histogram.count == 1000)
        let p50 = histogram.percentile(0.5) ?? 0
        let p99 = histogram.percentile(0.99) ?? 0
        #expect((500...532).contains(p50), "p50 \(p50)")
        #expect((990...1000).contains(p99), "p99 \(p99)")
        #expect(histogram.percentile(1) == 1000)  // capped at the maximum recorded
        #expect(histogram.summary.maximumMicroseconds == 1000)
    }

    @Test func negativeAndHugeTimesAreClampedNotTrapped() {
        var histogram = TransitTimeHistogram()
        histogram.record(nanoseconds: -5)
        histogram.record(nanoseconds: .max)
        #expect(histogram.count == 2)
        #expect(histogram.percentile(0.5) == 0)
        #expect((histogram.percentile(1) ?? 0) > 1 << 29)
    }

    @Test func mergeAddsCounts() {
        var a = TransitTimeHistogram()
        var b = TransitTimeHistogram()
        for _ in 0..<99 { a.record(nanoseconds: 10_000) }
        b.record(nanoseconds: 5_000_000)
        a.merge(b)
        #expect(a.count == 100)
        #expect(a.percentile(0.5) == 10)
        #expect((a.percentile(1) ?? 0) == 5_000)
    }

    @Test func tellsRTPFromRTCPAndOtherClasses() {
        let rtp: [UInt8] = [0x80, 0x6F] + [UInt8](repeating: 0, count: 10)
        let rtcp: [UInt8] = [0x80, 200] + [UInt8](repeating: 0, count: 10)
        let stun: [UInt8] = [0x00, 0x01] + [UInt8](repeating: 0, count: 18)
        #expect(MediaSocketHandler.isRTP(rtp))
        #expect(!MediaSocketHandler.isRTP(rtcp))
        #expect(!MediaSocketHandler.isRTP(stun))
        #expect(!MediaSocketHandler.isRTP([0x80]))
    }
}
