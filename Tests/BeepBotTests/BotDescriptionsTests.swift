import BeepBot
import BeepDTLS
import BeepSDP
import BeepSTUN
import Testing

@Suite struct BotDescriptionsTests {
    static let fingerprint = DTLSFingerprint(hashFunction: .sha256, bytes: (0..<32).map { UInt8($0) })
    static let transport = BotTransport(iceUfrag: "botU", icePassword: "bot-password-0123456789",
                                        fingerprint: fingerprint, candidate: .ipv4(127, 0, 0, 1, port: 40000))
    static let tracks = [
        LocalTrack(mid: "0", kind: .audio, ssrc: 1111, streamID: "s", trackID: "tone-440hz-a", payloadType: 111),
        LocalTrack(mid: "1", kind: .video, ssrc: 2222, streamID: "s", trackID: "pattern-a", payloadType: 96),
    ]

    /// The offer parses back (RFC 8829 §5.2.1 shape): BUNDLE of both mids, actpass, sendonly
    /// sections with SSRC and msid, rtcp-mux, the loopback host candidate, no ice-lite.
    @Test func offerShape() throws {
        let text = BotDescriptions.offer(tracks: Self.tracks, transport: Self.transport, sessionID: 9, version: 2).serialized()
        let offer = try SessionDescription.parse(text)
        #expect(offer.bundleMids == ["0", "1"])
        #expect(!offer.iceLite)
        #expect(offer.media.map(\.kind) == [.audio, .video])
        for (section, track) in zip(offer.media, Self.tracks) {
            #expect(section.direction == .sendonly)
            #expect(section.setup == .actpass)
            #expect(section.rtcpMux)
            #expect(section.ssrcs == [track.ssrc])
            #expect(section.msids.first?.trackID == track.trackID)
            #expect(section.candidates.first?.address == "127.0.0.1")
            #expect(section.candidates.first?.port == 40000)
            #expect(section.codecs.first?.payloadType == track.payloadType)
        }
        #expect(offer.media[1].codecs.first?.feedback.map(\.type).sorted() == ["ccm", "nack", "nack"])
        let remote = try BotDescriptions.remoteTransport(of: offer)
        #expect(remote.iceUfrag == "botU")
        #expect(remote.fingerprint == Self.fingerprint)
        #expect(remote.candidates == [.ipv4(127, 0, 0, 1, port: 40000)])
    }

    /// An SFU offer (as BeepCallServer writes one: ice-lite, our two sections, then one it
    /// sends on and one made inactive) is answered section by section, setup active.
    @Test func answersAnSFUOffer() throws {
        let sfuOffer = """
            v=0\r
            o=- 5 3 IN IP4 127.0.0.1\r
            s=-\r
            t=0 0\r
            a=ice-lite\r
            a=group:BUNDLE 0 1 b0 b1\r
            a=msid-semantic: WMS p2\r
            m=audio 9 UDP/TLS/RTP/SAVPF 111\r
            c=IN IP4 0.0.0.0\r
            a=ice-ufrag:sfuU\r
            a=ice-pwd:sfu-password-0123456789\r
            a=fingerprint:sha-256 \(Self.fingerprint.sdpValue.split(separator: " ").last ?? "")\r
            a=setup:actpass\r
            a=mid:0\r
            a=recvonly\r
            a=rtcp-mux\r
            a=rtpmap:111 opus/48000/2\r
            a=candidate:1 1 udp 2130706431 127.0.0.1 8801 typ host\r
            a=end-of-candidates\r
            m=video 9 UDP/TLS/RTP/SAVPF 96\r
            c=IN IP4 0.0.0.0\r
            a=mid:1\r
            a=recvonly\r
            a=rtcp-mux\r
            a=rtpmap:96 VP8/90000\r
            m=video 9 UDP/TLS/RTP/SAVPF 96\r
            c=IN IP4 0.0.0.0\r
            a=mid:b0\r
            a=sendonly\r
            a=rtcp-mux\r
            a=rtpmap:96 VP8/90000\r
            a=rtcp-fb:96 nack\r
            a=rtcp-fb:96 goog-remb\r
            a=msid:p2 pattern-b\r
            a=ssrc:3333 cname:beep-p2\r
            m=audio 9 UDP/TLS/RTP/SAVPF 111\r
            c=IN IP4 0.0.0.0\r
            a=mid:b1\r
            a=inactive\r
            a=rtcp-mux\r
            a=rtpmap:111 opus/48000/2\r

            """
        let offer = try SessionDescription.parse(sfuOffer)
        let remote = try BotDescriptions.remoteTransport(of: offer)
        #expect(remote.iceUfrag == "sfuU")
        #expect(remote.candidates == [.ipv4(127, 0, 0, 1, port: 8801)])
        let (answer, tracks) = BotDescriptions.answer(to: offer, localTracks: Self.tracks, transport: Self.transport,
                                                      sessionID: 9, version: 3)
        let parsed = try SessionDescription.parse(answer.serialized())
        #expect(parsed.media.compactMap(\.mid) == ["0", "1", "b0", "b1"])
        #expect(parsed.media.map(\.direction) == [.sendonly, .sendonly, .recvonly, .inactive])
        #expect(parsed.media.allSatisfy { $0.setup == .active })
        #expect(parsed.media[2].codecs.first?.feedback.map(\.type) == ["nack"], "only feedback the bot answers")
        #expect(tracks == [OfferedRemoteTrack(mid: "b0", kind: .video, ssrc: 3333, participantID: "p2",
                                              trackID: "pattern-b", payloadType: 96)])
    }

    @Test func aDescriptionWithoutCandidatesIsRefused() throws {
        var offer = BotDescriptions.offer(tracks: Self.tracks, transport: Self.transport, sessionID: 1, version: 1)
        for index in offer.media.indices {
            offer.media[index].attributes.removeAll { if case .candidate = $0.value { true } else { false } }
        }
        #expect(throws: BotError.self) { try BotDescriptions.remoteTransport(of: offer) }
    }
}
