import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// TURN ChannelData (RFC 8656 §12.4, §12.5) and its RFC 7983 demultiplexing test.
struct ChannelDataTests {
    @Test("RFC 8656 §12.4: round trip, unpadded (UDP) and padded (TCP)", arguments: [0, 1, 2, 3, 4, 5, 1200])
    func roundTrip(length: Int) throws {
        let message = ChannelData(channelNumber: 0x4001, data: (0..<length).map { UInt8(truncatingIfNeeded: $0) })
        let unpadded = try message.serialize(padded: false)
        #expect(unpadded.count == 4 + length)
        #expect(Array(unpadded.prefix(4)) == [0x40, 0x01, UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)])
        #expect(try ChannelData.parse(unpadded) == message)
        let padded = try message.serialize(padded: true)
        #expect(padded.count % 4 == 0)
        #expect(padded.count - unpadded.count == (4 - length % 4) % 4)
        #expect(padded.suffix(padded.count - unpadded.count).allSatisfy { $0 == 0 })
        #expect(try ChannelData.parse(padded) == message)
        let (channel, payload) = try ChannelData.parseInPlace(padded)
        #expect(channel == 0x4001)
        #expect(Array(padded[payload]) == message.data)
    }

    @Test("RFC 8656 §12: channel numbers outside 0x4000-0x4FFF are refused both ways", arguments: [
        UInt16(0x3FFF), 0x5000, 0x7FFF, 0xFFFF, 0x0000,
    ])
    func invalidChannels(channel: UInt16) {
        #expect(throws: WireError.self) { try ChannelData(channelNumber: channel, data: [1]).serialize(padded: false) }
        let bytes: [UInt8] = [UInt8(truncatingIfNeeded: channel >> 8), UInt8(truncatingIfNeeded: channel), 0, 1, 9]
        #expect(throws: WireError.self) { try ChannelData.parse(bytes) }
    }

    @Test("RFC 8656 §12.4: boundaries 0x4000 and 0x4FFF are valid")
    func boundaryChannels() throws {
        for channel: UInt16 in [0x4000, 0x4FFF] {
            let bytes = try ChannelData(channelNumber: channel, data: [7]).serialize(padded: true)
            #expect(try ChannelData.parse(bytes).channelNumber == channel)
        }
    }

    @Test("RFC 8656 §12.4: length beyond the data, or junk beyond the padding, is rejected")
    func malformed() {
        #expect(throws: WireError.self) { try ChannelData.parse([0x40, 0x00, 0x00, 0x05, 1, 2, 3, 4]) }
        #expect(throws: WireError.self) { try ChannelData.parse([0x40, 0x00, 0x00, 0x01, 1, 0, 0, 0, 0]) }
        #expect(throws: WireError.self) { try ChannelData.parse([0x40, 0x00, 0x00, 0x01, 1, 0]) }
        #expect(throws: WireError.self) { try ChannelData.parse([0x40, 0x00, 0x00]) }
        #expect(throws: WireError.self) { try ChannelData.parse([]) }
        #expect(throws: WireError.self) { try ChannelData(channelNumber: 0x4000, data: [UInt8](repeating: 0, count: 65536)).serialize(padded: false) }
    }

    @Test("RFC 7983 §7: first byte 64-79 is ChannelData, 0-3 with the cookie is STUN")
    func demultiplexing() throws {
        let channelData = try ChannelData(channelNumber: 0x4ABC, data: [1, 2, 3]).serialize(padded: false)
        #expect(ChannelData.isChannelData(channelData))
        #expect(!STUNMessage.isSTUN(channelData))
        #expect(!ChannelData.isChannelData(RFC5769Samples.sampleRequest))
        #expect(STUNMessage.isSTUN(RFC5769Samples.sampleRequest))
        #expect(!ChannelData.isChannelData([0x50, 0, 0, 0]))
        #expect(!ChannelData.isChannelData([0x40, 0]))
    }
}
