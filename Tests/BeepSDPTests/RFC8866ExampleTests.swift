import BeepSDP
import Testing

@Suite("RFC 8866 §5 session description")
struct RFC8866ExampleTests {
    /// RFC 8866 §5, the example session description, verbatim.
    static let example: [String] = [
        "v=0",
        "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1",
        "s=Call to John Smith",
        "i=SDP Offer #1",
        "u=http://www.jdoe.example.com/home.html",
        "e=Jane Doe <jane@jdoe.example.com>",
        "p=+1 617 555-6011",
        "c=IN IP4 198.51.100.1",
        "t=0 0",
        "m=audio 49170 RTP/AVP 0",
        "m=audio 49180 RTP/AVP 0",
        "m=video 51372 RTP/AVP 99",
        "c=IN IP6 2001:db8::2",
        "a=rtpmap:99 h263-1998/90000",
    ]

    @Test("RFC 8866 §5 example: every field, then byte-equal print")
    func example() throws {
        let text = SDPSamples.crlf(Self.example)
        let sdp = try SessionDescription.parse(text)
        #expect(sdp.origin == Origin(username: "jdoe", sessionID: 3724394400, sessionVersion: 3724394405,
                                     networkType: "IN", addressType: "IP4", address: "198.51.100.1"))
        #expect(sdp.sessionName == "Call to John Smith")
        #expect(sdp.information == "SDP Offer #1")
        #expect(sdp.uri == "http://www.jdoe.example.com/home.html")
        #expect(sdp.emails == ["Jane Doe <jane@jdoe.example.com>"])
        #expect(sdp.phones == ["+1 617 555-6011"])
        #expect(sdp.connection == ConnectionData(networkType: "IN", addressType: "IP4", address: "198.51.100.1"))
        #expect(sdp.timings == [Timing()])
        #expect(sdp.media.map(\.kind) == [.audio, .audio, .video])
        #expect(sdp.media.map(\.port) == [49170, 49180, 51372])
        #expect(sdp.media.map(\.formats) == [["0"], ["0"], ["99"]])
        let video = try #require(sdp.media.last)
        #expect(video.connections == [ConnectionData(networkType: "IN", addressType: "IP6", address: "2001:db8::2")])
        #expect(video.codecs == [Codec(payloadType: 99, name: "h263-1998", clockRate: 90000)])
        // Static payload type 0 has no rtpmap here, so no codec is derived for it.
        #expect(sdp.media.first?.codecs.isEmpty == true)
        #expect(Array(sdp.serialized().utf8) == Array(text.utf8))
    }

    @Test("RFC 8866 §5 line order with every optional and repeated line kept in order")
    func everyLineType() throws {
        let text = SDPSamples.crlf([
            "v=0",
            "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1",
            "s=Seminar",
            "i=About",
            "u=http://www.example.com/seminar",
            "e=a@example.com",
            "e=b@example.com",
            "p=+1 617 555-6011",
            "c=IN IP4 198.51.100.1",
            "b=AS:512",
            "b=TIAS:500000",
            "t=3724394400 3724398000",
            "r=7d 1h 0 25h",
            "r=7d 1h 0 26h",
            "t=0 0",
            "z=2882844526 -1h 2898848070 0",
            "k=prompt",
            "a=recvonly",
            "m=audio 49170/2 RTP/AVP 0",
            "i=Main audio",
            "c=IN IP4 198.51.100.1",
            "c=IN IP4 198.51.100.2",
            "b=AS:64",
            "k=prompt",
            "a=sendonly",
        ])
        let sdp = try SessionDescription.parse(text)
        #expect(sdp.emails.count == 2)
        #expect(sdp.bandwidths == [Bandwidth(type: "AS", value: 512), Bandwidth(type: "TIAS", value: 500000)])
        #expect(sdp.timings == [Timing(start: 3724394400, stop: 3724398000, repeats: ["7d 1h 0 25h", "7d 1h 0 26h"]),
                                Timing()])
        #expect(sdp.timeZones == "2882844526 -1h 2898848070 0")
        #expect(sdp.encryptionKey == "prompt")
        let audio = try #require(sdp.media.first)
        #expect(audio.portCount == 2 && audio.information == "Main audio" && audio.connections.count == 2)
        #expect(audio.bandwidths == [Bandwidth(type: "AS", value: 64)])
        #expect(audio.direction == .sendonly)
        #expect(Array(sdp.serialized().utf8) == Array(text.utf8))
    }
}
