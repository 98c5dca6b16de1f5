import BeepTestSupport
import BeepRTCP
import BeepWire
import Testing


/// Decodes hex written in a test (spaces allowed); records an issue on bad hex.
func hex(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2, limitedBy: digits.endIndex) ?? digits.endIndex
        guard let byte = UInt8(digits[index..<next], radix: 16) else {
            Issue.record("bad hex near \(digits[index..<next])", sourceLocation: sourceLocation)
            return bytes
        }
        bytes.append(byte)
        index = next
    }
    return bytes
}

/// Serialises `packets`, parses the bytes back, and checks both the model and the bytes
/// survive; returns the serialised datagram.
@discardableResult
func expectRoundTrip(_ packets: [RTCPPacket], paddingLength: UInt8 = 0,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    let compound = RTCPCompound(packets: packets, paddingLength: paddingLength)
    let bytes = try compound.serialize()
    #expect(bytes.count % 4 == 0, "RTCP datagrams are 32-bit aligned", sourceLocation: sourceLocation)
    let parsed = try RTCPCompound.parse(bytes)
    #expect(parsed.packets == packets, sourceLocation: sourceLocation)
    #expect(try parsed.serialize() == bytes, sourceLocation: sourceLocation)
    return bytes
}
