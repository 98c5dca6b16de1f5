import BeepTestSupport
import Testing

/// Decodes a hex test vector, failing the test on a typo.
func hex(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    try #require(Fixtures.bytes(hex: text), "bad hex in test vector", sourceLocation: sourceLocation)
}

/// A hand-assembled RTP packet exercising every optional header part (RFC 3550 §5.1, §5.3.1;
/// RFC 8285 §4.2): V=2 P=1 X=1 CC=2, M=1 PT=96, seq 0xFFFF, ts 0x12345678, SSRC 0xDEADBEEF,
/// CSRCs 0x01020304 and 0x05060708, a one-byte extension block of 2 words (id 1 = aa bb,
/// a padding byte, id 3 = cc, two padding bytes), 5 payload bytes, 3 padding bytes.
let fullPacketHex = """
    b2 e0 ff ff 12 34 56 78 de ad be ef
    01 02 03 04 05 06 07 08
    be de 00 02 11 aa bb 00 30 cc 00 00
    01 02 03 04 05
    00 00 03
    """
