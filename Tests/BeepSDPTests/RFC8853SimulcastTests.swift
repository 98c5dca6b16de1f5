import BeepSDP
import Testing

@Suite("RFC 8853 simulcast and RFC 8851 rid")
struct RFC8853SimulcastTests {
    @Test("RFC 8853 §5 offer example: rids with pt lists and restrictions, send and recv lists")
    func offer() throws {
        let text = SDPSamples.crlf(SDPSamples.header + SDPSamples.rfc8853Offer)
        let sdp = try SessionDescription.parse(text)
        let video = try #require(sdp.media.first)
        #expect(video.proto == "RTP/AVP" && video.port == 49300)
        let rids = video.rids
        #expect(rids.map(\.id) == ["1", "2", "3", "4"])
        #expect(rids.map(\.direction) == [.send, .send, .send, .recv])
        #expect(rids.map(\.payloadTypes) == [[97], [98], [99], [97]])
        #expect(rids.first?.restrictions == [FormatParameter(key: "max-width", value: "1280"),
                                              FormatParameter(key: "max-height", value: "720")])
        #expect(rids.dropFirst().first?.restriction("max-width") == "320")
        let simulcast = try #require(video.simulcast)
        #expect(simulcast.send == [
            [Simulcast.Alternative(rid: "1")],
            [Simulcast.Alternative(rid: "2"), Simulcast.Alternative(rid: "3")],
        ])
        #expect(simulcast.recv == [[Simulcast.Alternative(rid: "4")]])
        // fmtp keeps the raw text (with the RFC's space after ';') and trims entries.
        let vp8 = try #require(video.codecs.first { $0.payloadType == 99 })
        #expect(vp8.parameters?.raw == "max-fs=240; max-fr=30")
        #expect(vp8.parameters?.parameters == [FormatParameter(key: "max-fs", value: "240"),
                                               FormatParameter(key: "max-fr", value: "30")])
        #expect(Array(sdp.serialized().utf8) == Array(text.utf8))
    }

    @Test("RFC 8853 §5 answer example: recv list first, then send")
    func answer() throws {
        let text = SDPSamples.crlf(SDPSamples.header + SDPSamples.rfc8853Answer)
        let sdp = try SessionDescription.parse(text)
        let video = try #require(sdp.media.first)
        let simulcast = try #require(video.simulcast)
        #expect(simulcast.lists.map(\.direction) == [.recv, .send])
        #expect(simulcast.recv.map { $0.map(\.rid) } == [["1"], ["2"]])
        #expect(simulcast.send.map { $0.map(\.rid) } == [["4"]])
        #expect(simulcast.sdpValue == "recv 1;2 send 4")
        #expect(Array(sdp.serialized().utf8) == Array(text.utf8))
    }

    @Test("RFC 8853 §5.1 grammar: '~' marks a paused alternative", arguments: [
        ("send 1,2,3;~4,~5 recv 6;~7,~8", 2, 2),
        ("send ~h;m;l", 3, 0),
    ])
    func pausedAlternatives(value: String, sendStreams: Int, recvStreams: Int) throws {
        let simulcast = try Simulcast.parse(value[...])
        #expect(simulcast.send.count == sendStreams && simulcast.recv.count == recvStreams)
        let paused = simulcast.lists.flatMap { $0.streams.flatMap { $0 } }.filter(\.paused).map(\.rid)
        let expected = value.split(separator: " ").flatMap { $0.split(whereSeparator: { ";,".contains($0) }) }
            .filter { $0.hasPrefix("~") }.map { String($0.dropFirst()) }
        #expect(paused == expected)
        #expect(simulcast.sdpValue == value)
    }
}
