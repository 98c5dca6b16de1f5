@testable import BeepSFU
import Testing

/// The counter mapper behind the simulcast forwarder's sequence numbers (16 bits, RFC 3550
/// §5.1) and VP8 PictureIDs (15 bits, RFC 7741 §4.2).
@Suite("Skipping counter mapper")
struct SkippingCounterMapperTests {
    @Test("RFC 3550 §5.1: dropped values leave no hole, across the 16-bit wrap")
    func dropsAcrossWrap() {
        var mapper = SkippingCounterMapper(bits: 16)
        var output: [UInt32?] = []
        for value in UInt32(65_530)...UInt32(65_545) {
            let input = value & 0xFFFF
            if input % 3 == 0 {
                mapper.drop(input)
            } else {
                output.append(mapper.map(input))
            }
        }
        let mapped = output.compactMap { $0 }
        #expect(mapped.count == output.count)
        #expect(mapped.first == 65_530)
        for (previous, next) in zip(mapped, mapped.dropFirst()) { #expect(next == (previous + 1) & 0xFFFF) }
    }

    @Test("RFC 7741 §4.2: a new segment continues after the last output, with a 15-bit wrap")
    func resyncContinues() {
        var mapper = SkippingCounterMapper(bits: 15)
        #expect(mapper.map(32_766) == 32_766)
        #expect(mapper.map(32_767) == 32_767)
        mapper.resync()
        #expect(mapper.map(100) == 0)   // 32_767 + 1 wraps to 0
        #expect(mapper.map(101) == 1)
    }

    @Test("A late packet maps to the value it would have had; one older than the segment is refused")
    func reorderingAndSegmentStart() {
        var mapper = SkippingCounterMapper(bits: 16)
        #expect(mapper.map(10) == 10)
        mapper.drop(11)
        #expect(mapper.map(13) == 12)
        #expect(mapper.map(12) == 11)   // late, after the drop of 11
        #expect(mapper.map(9) == nil)   // before the segment's first packet
        mapper.resync()
        #expect(mapper.map(500) == 13)
        #expect(mapper.map(13) == nil)  // from the previous source
    }

    @Test("Dropped values far behind fold into the offset without changing later outputs")
    func folding() {
        var mapper = SkippingCounterMapper(bits: 16, window: 64)
        var last: UInt32?
        for value in UInt32(0)..<2000 {
            if value % 2 == 1 {
                mapper.drop(value)
            } else if let out = mapper.map(value) {
                if let last { #expect(out == (last + 1) & 0xFFFF) }
                last = out
            }
        }
        #expect(last == 999)
    }
}
