import BeepRTP
import BeepWire
import Testing

@Suite("WebRTC header extension values")
struct WebRTCHeaderExtensionTests {
    @Test("abs-send-time: 24-bit 6.18 fixed point; 1.5 s is 0x060000, wraps at 64 s")
    func absSendTime() throws {
        let value = AbsSendTime(seconds: 1.5)
        #expect(value.rawValue == 0x06_0000)
        #expect(value.bytes == [0x06, 0x00, 0x00])
        #expect(try AbsSendTime(parsing: [0x06, 0x00, 0x00]) == value)
        #expect(value.seconds == 1.5)
        #expect(AbsSendTime(seconds: 65.5).rawValue == AbsSendTime(seconds: 1.5).rawValue)
        #expect(AbsSendTime(seconds: -1).seconds == 63)
        #expect(throws: WireError.self) { try AbsSendTime(parsing: [1, 2]) }
    }

    @Test("draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: 16-bit big-endian sequence number")
    func transportWideSequence() throws {
        #expect(try TransportWideSequenceNumber.parse([0x12, 0x34]) == 0x1234)
        #expect(TransportWideSequenceNumber.bytes(0xFFFE) == [0xFF, 0xFE])
        #expect(throws: WireError.self) { try TransportWideSequenceNumber.parse([1]) }
    }

    @Test("RFC 6464 §3: V flag and level in -dBov", arguments: [(UInt8(0xAA), true, UInt8(42)), (0x7F, false, 127), (0x80, true, 0)])
    func audioLevel(byte: UInt8, voice: Bool, level: UInt8) throws {
        let value = try AudioLevel(parsing: [byte])
        #expect(value.voiceActivity == voice)
        #expect(value.level == level)
        #expect(value.dBov == -Int(level))
        #expect(value.bytes == [byte])
    }

    @Test("3GPP TS 26.114 §7.4.5: CVO byte 0 0 0 0 C F R1 R0", arguments: 0..<UInt8(16))
    func videoOrientation(byte: UInt8) throws {
        let value = try VideoOrientation(parsing: [byte])
        #expect(value.camera == (byte & 0x08 != 0 ? .back : .front))
        #expect(value.horizontalFlip == (byte & 0x04 != 0))
        #expect(value.rotation.degrees == Int(byte & 0x03) * 90)
        #expect(value.byte == byte)
    }

    @Test("RFC 8852 §3 / RFC 8843 §15: SDES text values")
    func sdesValues() throws {
        #expect(try SDESHeaderExtension.parse(Array("hi".utf8)) == "hi")
        #expect(try SDESHeaderExtension.parse([0x30, 0x00]) == "0")
        #expect(SDESHeaderExtension.matches(Array("hi".utf8)[...], "hi"))
        #expect(!SDESHeaderExtension.matches(Array("h".utf8), "hi"))
        #expect(!SDESHeaderExtension.matches(Array("hii".utf8), "hi"))
        #expect(throws: WireError.self) { try SDESHeaderExtension.parse([UInt8]()) }
        #expect(throws: WireError.self) { try SDESHeaderExtension.parse([0xFF, 0xFE]) }
        #expect(throws: WireError.self) { try SDESHeaderExtension.bytes("") }
        #expect(try SDESHeaderExtension.bytes("q") == [0x71])
    }

    @Test("RFC 8285 §5: map registers the standard extmap URIs")
    func registry() throws {
        var map = RTPHeaderExtensionMap()
        #expect(try map.register(id: 1, uri: "urn:ietf:params:rtp-hdrext:sdes:mid"))
        #expect(try map.register(id: 3, uri: "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"))
        #expect(try map.register(id: 4, uri: "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"))
        #expect(try map.register(id: 5, uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level"))
        #expect(try map.register(id: 13, uri: "urn:3gpp:video-orientation"))
        #expect(try map.register(id: 10, uri: "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"))
        #expect(try map.register(id: 11, uri: "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"))
        #expect(try !map.register(id: 2, uri: "urn:ietf:params:rtp-hdrext:toffset"))
        #expect(map.id(for: .transportWideSequenceNumber) == 4)
        #expect(map.kind(for: 13) == .videoOrientation)
        #expect(map.kind(for: 2) == nil)
        #expect(throws: WireError.self) { try map.register(id: 1, for: .audioLevel) }
        #expect(throws: WireError.self) { try map.register(id: 0, for: .audioLevel) }
        map.remove(.mid)
        #expect(map.id(for: .mid) == nil)
        for kind in RTPHeaderExtensionKind.allCases {
            #expect(RTPHeaderExtensionKind(uri: kind.uri) == kind)
        }
    }

    @Test("RFC 8285 §4.2: typed reads and in-place writes through the header view")
    func typedViewAccess() throws {
        let map = try RTPHeaderExtensionMap([.mid: 1, .absSendTime: 2, .transportWideSequenceNumber: 3,
                                             .audioLevel: 4, .videoOrientation: 5, .rtpStreamID: 6])
        let block = try RTPHeaderExtension(elements: [
            RTPHeaderExtensionElement(id: 1, data: Array("0".utf8)),
            RTPHeaderExtensionElement(id: 2, data: AbsSendTime(seconds: 2).bytes),
            RTPHeaderExtensionElement(id: 3, data: TransportWideSequenceNumber.bytes(0xFFFF)),
            RTPHeaderExtensionElement(id: 4, data: AudioLevel(voiceActivity: true, level: 30).bytes),
            RTPHeaderExtensionElement(id: 5, data: VideoOrientation(camera: .back, rotation: .degrees90).bytes),
            RTPHeaderExtensionElement(id: 6, data: Array("hi".utf8)),
        ])
        var bytes = try RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3,
                                  headerExtension: block, payload: [9]).serialized()
        let view = try RTPHeaderView(parsing: bytes)
        #expect(view.sdesValue(.mid, in: bytes, map: map) == "0")
        #expect(view.sdesValue(.rtpStreamID, in: bytes, map: map) == "hi")
        #expect(view.sdesValue(.repairedRTPStreamID, in: bytes, map: map) == nil)
        #expect(view.absSendTime(in: bytes, map: map) == AbsSendTime(seconds: 2))
        #expect(view.transportWideSequenceNumber(in: bytes, map: map) == 0xFFFF)
        #expect(view.audioLevel(in: bytes, map: map) == AudioLevel(voiceActivity: true, level: 30))
        #expect(view.videoOrientation(in: bytes, map: map) == VideoOrientation(camera: .back, rotation: .degrees90))
        #expect(view.setTransportWideSequenceNumber(0, in: &bytes, map: map))
        #expect(view.setAbsSendTime(AbsSendTime(rawValue: 0xABCDEF), in: &bytes, map: map))
        #expect(view.transportWideSequenceNumber(in: bytes, map: map) == 0)
        #expect(view.absSendTime(in: bytes, map: map)?.rawValue == 0xABCDEF)
        #expect(!view.setTransportWideSequenceNumber(1, in: &bytes, map: RTPHeaderExtensionMap()))
    }
}
