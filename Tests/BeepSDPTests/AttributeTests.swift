import BeepSDP
import Testing

@Suite("Typed attributes")
struct AttributeTests {
    private func parse(_ text: String) throws -> SDPAttribute.Value {
        try SDPAttribute.parse(text[...]).value
    }

    @Test("RFC 8122 §5 fingerprint: bytes, upper-case formatter, lower-case input kept verbatim")
    func fingerprint() throws {
        let attribute = try SDPAttribute.parse("fingerprint:sha-1 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab")
        guard case .fingerprint(let value) = attribute.value else {
            Issue.record("not a fingerprint")
            return
        }
        #expect(value.hashFunction == "sha-1")
        #expect(value.bytes == [0x4A, 0xAD, 0xB9, 0xB1, 0x3F, 0x82, 0x18, 0x3B, 0x54, 0x02,
                                0x12, 0xDF, 0x3E, 0x5D, 0x49, 0x6B, 0x19, 0xE5, 0x7C, 0xAB])
        #expect(value.hexDigest == "4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB")
        #expect(attribute.sdpText == "fingerprint:sha-1 4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab")
        #expect(Fingerprint(hashFunction: "sha-256", bytes: [0xAB, 0x0C]).sdpValue == "sha-256 AB:0C")
    }

    @Test("RFC 4145 §4 / RFC 8842 §5 setup roles", arguments: SetupRole.allCases)
    func setup(role: SetupRole) throws {
        #expect(try parse("setup:\(role.rawValue)") == .setup(role))
    }

    @Test("RFC 8866 §6.7 direction attributes", arguments: MediaDirection.allCases)
    func direction(direction: MediaDirection) throws {
        #expect(try parse(direction.rawValue) == .direction(direction))
        #expect(direction.reversed.reversed == direction)
    }

    @Test("RFC 8285 §8 extmap with direction and extension attributes")
    func extmap() throws {
        let value = try parse("extmap:4/recvonly urn:example:ext some attrs")
        #expect(value == .extmap(ExtensionMap(id: 4, direction: .recvonly, uri: "urn:example:ext",
                                              extensionAttributes: "some attrs")))
        #expect(value.canonicalText == "extmap:4/recvonly urn:example:ext some attrs")
        #expect(try parse("extmap-allow-mixed") == .extmapAllowMixed)
    }

    @Test("RFC 5576 §4.1/§4.2 ssrc and ssrc-group; accessors group FID and SIM")
    func ssrc() throws {
        let lines = SDPSamples.header + [
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
            "a=mid:0",
            "a=rtpmap:96 VP8/90000",
            "a=rtpmap:97 rtx/90000",
            "a=fmtp:97 apt=96",
            "a=ssrc-group:SIM 1 2 3",
            "a=ssrc-group:FID 1 11",
            "a=ssrc-group:FID 2 12",
            "a=ssrc:1 cname:abc",
            "a=ssrc:1 msid:stream track",
            "a=ssrc:11 cname:abc",
            "a=ssrc:2 cname:abc",
        ]
        let sdp = try SessionDescription.parse(SDPSamples.crlf(lines))
        let video = try #require(sdp.media.first)
        #expect(video.ssrcs == [1, 11, 2])
        #expect(video.simulcastSSRCs == [1, 2, 3])
        #expect(video.retransmissionSSRC(for: 1) == 11 && video.retransmissionSSRC(for: 2) == 12)
        #expect(video.retransmissionSSRC(for: 3) == nil)
        #expect(video.cname(of: 11) == "abc")
        #expect(video.ssrcAttributes.dropFirst().first == SSRCAttribute(ssrc: 1, attribute: "msid", value: "stream track"))
        #expect(video.ssrcGroups(.fid).count == 2)
    }

    @Test("RFC 4585 §4.2 rtcp-fb wildcard applies to every payload type")
    func feedbackWildcard() throws {
        let lines = SDPSamples.header + [
            "m=video 9 UDP/TLS/RTP/SAVPF 96 98",
            "a=rtpmap:96 VP8/90000",
            "a=rtpmap:98 VP9/90000",
            "a=rtcp-fb:* transport-cc",
            "a=rtcp-fb:96 goog-remb",
        ]
        let video = try #require(try SessionDescription.parse(SDPSamples.crlf(lines)).media.first)
        #expect(video.codecs.map { $0.feedback.map(\.type) } == [["transport-cc", "goog-remb"], ["transport-cc"]])
    }

    @Test("Chromium's 'msid-semantic: WMS' keeps its space when printed, parses like 'msid-semantic:WMS'")
    func msidSemantic() throws {
        let chromium = try SDPAttribute.parse("msid-semantic: WMS stream-a")
        let plain = try SDPAttribute.parse("msid-semantic:WMS stream-a")
        #expect(chromium == plain)
        #expect(chromium.sdpText == "msid-semantic: WMS stream-a")
        #expect(plain.sdpText == "msid-semantic:WMS stream-a")
        #expect(chromium.value == .msidSemantic(MediaStreamSemantic(semantic: "WMS", identifiers: ["stream-a"])))
    }

    @Test("Unknown attributes are kept verbatim, with or without a value")
    func unknown() throws {
        #expect(try parse("x-google-flag:conference") == .other(name: "x-google-flag", value: "conference"))
        #expect(try parse("bundle-only") == .other(name: "bundle-only", value: nil))
        #expect(try parse("imageattr:100 recv [x=[48:1920],y=[48:1080],q=1.0]")
            == .other(name: "imageattr", value: "100 recv [x=[48:1920],y=[48:1080],q=1.0]"))
    }

    @Test("Changing a parsed value drops the original spelling and prints canonically")
    func editedValuePrintsCanonically() throws {
        var attribute = try SDPAttribute.parse("fmtp:111 minptime=10; useinbandfec=1")
        #expect(attribute.sdpText == "fmtp:111 minptime=10; useinbandfec=1")
        attribute.value = .fmtp(FormatParameters(payloadType: 111, parameters: [
            FormatParameter(key: "minptime", value: "10"), FormatParameter(key: "useinbandfec", value: "1"),
        ]))
        #expect(attribute.original == nil)
        #expect(attribute.sdpText == "fmtp:111 minptime=10;useinbandfec=1")
    }

    @Test("RFC 8841 §5/§6 sctp-port and max-message-size; ice-lite, ice-options")
    func misc() throws {
        #expect(try parse("sctp-port:5000") == .sctpPort(5000))
        #expect(try parse("max-message-size:262144") == .maxMessageSize(262144))
        #expect(try parse("ice-lite") == .iceLite)
        #expect(try parse("ice-options:trickle renomination") == .iceOptions(["trickle", "renomination"]))
    }
}
