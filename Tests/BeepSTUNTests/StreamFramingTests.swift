import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// STUN and ChannelData over TCP (RFC 8656 §12.5) and RFC 4571 framing (ICE-TCP, RFC 6544 §3).
struct StreamFramingTests {
    @Test("RFC 8656 §12.5: a stream of STUN, padded ChannelData and a partial frame splits correctly")
    func split() throws {
        let stun = RFC5769Samples.sampleRequest
        let channelData = try ChannelData(channelNumber: 0x4002, data: [1, 2, 3, 4, 5]).serialize(padded: true)
        let empty = try ChannelData(channelNumber: 0x4003, data: []).serialize(padded: true)
        let stream = stun + channelData + empty + Array(stun.prefix(10))
        let (frames, consumed) = try TURNStreamFraming.splitFrames(stream)
        #expect(frames.count == 3)
        #expect(consumed == stun.count + channelData.count + empty.count)
        #expect(Array(frames[0]) == stun)
        #expect(try STUNMessage.parse(Array(frames[0])).verifyIntegrity(key: RFC5769VectorTests.shortTermKey))
        #expect(try ChannelData.parse(Array(frames[1])).data == [1, 2, 3, 4, 5])
        #expect(try ChannelData.parse(Array(frames[2])).data == [])
        let rest = stream[consumed...]
        #expect(try TURNStreamFraming.nextFrame(in: rest) == TURNStreamFraming.Frame(kind: .stun, length: stun.count))
    }

    @Test("RFC 8656 §12.5: frame lengths, including ChannelData padding")
    func frameLengths() throws {
        #expect(try TURNStreamFraming.nextFrame(in: [UInt8]()) == nil)
        #expect(try TURNStreamFraming.nextFrame(in: [0x40, 0x00, 0x00]) == nil)
        #expect(try TURNStreamFraming.nextFrame(in: [0x40, 0x00, 0x00, 0x05])?.length == 12)
        #expect(try TURNStreamFraming.nextFrame(in: [0x40, 0x00, 0x00, 0x08])?.length == 12)
        #expect(try TURNStreamFraming.nextFrame(in: [0x00, 0x01, 0x00, 0x08])?.length == 28)
        #expect(try TURNStreamFraming.nextFrame(in: [0x00, 0x01, 0x00, 0x08])?.kind == .stun)
    }

    @Test("RFC 8656 §12.5: bytes that start neither STUN nor ChannelData mean the stream is out of sync",
          arguments: [[UInt8](arrayLiteral: 0x80, 0, 0, 0), [0x50, 0, 0, 4], [0x00, 0x01, 0x00, 0x02],
                      [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x43]])
    func outOfSync(bytes: [UInt8]) {
        #expect(throws: WireError.self) { try TURNStreamFraming.nextFrame(in: bytes) }
        #expect(throws: WireError.self) { try TURNStreamFraming.splitFrames(bytes) }
    }

    @Test("RFC 4571 §2: 16-bit length prefix framing")
    func rfc4571() throws {
        let first = try RFC4571Framing.frame([1, 2, 3])
        #expect(first == [0, 3, 1, 2, 3])
        let second = try RFC4571Framing.frame([])
        let stream = first + second + [0, 9, 1]
        let (packets, consumed) = RFC4571Framing.splitFrames(stream)
        #expect(packets.map { Array($0) } == [[1, 2, 3], []])
        #expect(consumed == first.count + second.count)
        #expect(RFC4571Framing.nextFrameLength(in: stream[consumed...]) == 11)
        #expect(RFC4571Framing.nextFrameLength(in: [UInt8](arrayLiteral: 0)) == nil)
        #expect(throws: WireError.self) { try RFC4571Framing.frame([UInt8](repeating: 0, count: 65536)) }
    }
}
