import BeepSDP
import BeepTestSupport
import Testing

/// Checks specific facts of named captures in `Fixtures/sdp/` (the generic checks run over every
/// file in `SDPFixtureTests`).
@Suite("Captured SDP fixture details")
struct SDPFixtureDetailTests {
    private func load(_ name: String) throws -> SessionDescription {
        try SessionDescription.parse(try Fixtures.text("sdp/\(name)"))
    }

    @Test("Chromium simulcast offer: three send rids, simulcast send q;h;f, VP8 with RTX")
    func chromiumSimulcast() throws {
        let sdp = try load("chromium-offer-simulcast.sdp")
        let video = try #require(sdp.media.first { $0.kind == .video })
        #expect(video.rids.count == 3)
        #expect(video.rids.allSatisfy { $0.direction == .send })
        let simulcast = try #require(video.simulcast)
        #expect(simulcast.send.map { $0.map(\.rid) } == video.rids.map { [$0.id] })
        #expect(simulcast.recv.isEmpty)
        let codecs = video.codecs
        let vp8 = try #require(codecs.first { $0.isNamed("VP8") })
        #expect(vp8.clockRate == 90000)
        #expect(codecs.contains { $0.isRTX && $0.associatedPayloadType == vp8.payloadType })
        #expect(sdp.headerExtensions(for: video).contains { $0.uri == ExtensionMap.URI.rtpStreamID })
        #expect(sdp.bundleMids == sdp.media.compactMap(\.mid))
    }

    @Test("Data channel offers from Chromium and aiortc: RFC 8841 sctp-port and max-message-size",
          arguments: ["chromium-offer-datachannel.sdp", "aiortc-offer-datachannel.sdp"])
    func dataChannel(name: String) throws {
        let sdp = try load(name)
        let data = try #require(sdp.media.first)
        #expect(data.kind == .application && data.proto == "UDP/DTLS/SCTP")
        #expect(data.formats == ["webrtc-datachannel"])
        #expect(data.sctpPort == 5000)
        #expect(data.maxMessageSize == 262144)
    }

    @Test("Audio/video captures: opus present, FID group pairs a primary SSRC with its RTX SSRC",
          arguments: ["chromium-offer-audio-video.sdp", "chromium-answer-audio-video.sdp",
                      "aiortc-offer-audio-video.sdp", "aiortc-answer-audio-video.sdp"])
    func audioVideo(name: String) throws {
        let sdp = try load(name)
        let audio = try #require(sdp.media.first { $0.kind == .audio })
        let opus = try #require(audio.codecs.first { $0.isNamed("opus") })
        #expect(opus.clockRate == 48000 && opus.channels == 2)
        let video = try #require(sdp.media.first { $0.kind == .video })
        let fid = try #require(video.ssrcGroups(.fid).first)
        #expect(fid.ssrcs.count == 2)
        let primary = try #require(fid.ssrcs.first)
        #expect(video.retransmissionSSRC(for: primary) == fid.ssrcs.last)
        #expect(video.cname(of: primary) != nil)
        for media in sdp.media {
            #expect(media.rtcpMux)
            #expect(sdp.setupRole(for: media) != nil)
        }
    }
}
