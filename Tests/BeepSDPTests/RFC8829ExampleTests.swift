import BeepSDP
import Testing

@Suite("RFC 8829 §7 JSEP examples")
struct RFC8829ExampleTests {
    @Test("RFC 8829 §7.1 offer-A1: session level fields")
    func offerA1SessionLevel() throws {
        let sdp = try SessionDescription.parse(SDPSamples.crlf(SDPSamples.rfc8829OfferA1))
        #expect(sdp.version == 0)
        #expect(sdp.origin == Origin(username: "-", sessionID: 4962303333179871722, sessionVersion: 1,
                                     networkType: "IN", addressType: "IP4", address: "0.0.0.0"))
        #expect(sdp.sessionName == "-")
        #expect(sdp.timings == [Timing(start: 0, stop: 0)])
        #expect(sdp.attributes.map(\.value) == [
            .iceOptions(["trickle", "ice2"]),
            .group(MediaGroup(semantics: "BUNDLE", mids: ["a1", "v1"])),
            .group(MediaGroup(semantics: "LS", mids: ["a1", "v1"])),
        ])
        #expect(sdp.bundleMids == ["a1", "v1"])
        #expect(sdp.bundleGroup(containing: "v1") == ["a1", "v1"])
        #expect(sdp.media.map(\.kind) == [.audio, .video])
    }

    @Test("RFC 8829 §7.1 offer-A1: audio section fields")
    func offerA1Audio() throws {
        let sdp = try SessionDescription.parse(SDPSamples.crlf(SDPSamples.rfc8829OfferA1))
        let audio = try #require(sdp.media(withMid: "a1"))
        #expect(audio.port == 10100)
        #expect(audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.formats == ["96", "0", "8", "97", "98"])
        #expect(audio.payloadTypes == [96, 0, 8, 97, 98])
        #expect(audio.connections == [ConnectionData(networkType: "IN", addressType: "IP4", address: "203.0.113.100")])
        #expect(audio.direction == .sendrecv)
        #expect(audio.codecs.map(\.name) == ["opus", "PCMU", "PCMA", "telephone-event", "telephone-event"])
        let opus = try #require(audio.codecs.first)
        #expect(opus.payloadType == 96 && opus.clockRate == 48000 && opus.channels == 2)
        let dtmf = try #require(audio.codecs.first { $0.payloadType == 97 })
        #expect(dtmf.parameters?.parameters == [FormatParameter(key: "0-15")])
        #expect(dtmf.parameters?.raw == "0-15")
        #expect(audio.headerExtensions == [
            ExtensionMap(id: 1, uri: ExtensionMap.URI.mid),
            ExtensionMap(id: 2, uri: ExtensionMap.URI.audioLevel),
        ])
        #expect(audio.msids == [MediaStreamID(streamID: "47017fee-b6c1-4162-929c-a25110252400")])
        #expect(sdp.iceCredentials(for: audio) == ICECredentials(ufrag: "ETEn", pwd: "OtSK0WpNtpUjkY4+86js7ZQl"))
        let fingerprint = try #require(sdp.fingerprints(for: audio).first)
        #expect(fingerprint.isHash("SHA-256"))
        #expect(fingerprint.bytes.count == 32)
        #expect(fingerprint.bytes.first == 0x19 && fingerprint.bytes.last == 0xA2)
        #expect(fingerprint.sdpValue
            == "sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2")
        #expect(sdp.setupRole(for: audio) == .actpass)
        #expect(audio.attributes.named("tls-id").map(\.value)
            == [.other(name: "tls-id", value: "91bbf309c0990a6bec11e38ba2933cee")])
        #expect(audio.attributes.named("maxptime").first?.value == .other(name: "maxptime", value: "120"))
        #expect(audio.attributes.first { if case .rtcp(let v) = $0 { v } else { nil } }
            == RTCPAddress(port: 10101, connection: ConnectionData(address: "203.0.113.100")))
        #expect(audio.rtcpMux && audio.rtcpReducedSize && !audio.rtcpMuxOnly)
        #expect(audio.candidates == [
            ICECandidate(foundation: "1", component: 1, transport: "udp", priority: 2113929471,
                         address: "203.0.113.100", port: 10100, type: .host),
            ICECandidate(foundation: "1", component: 2, transport: "udp", priority: 2113929470,
                         address: "203.0.113.100", port: 10101, type: .host),
        ])
        #expect(audio.endOfCandidates)
    }

    @Test("RFC 8829 §7.1 offer-A1: video codecs join rtpmap, fmtp and rtcp-fb")
    func offerA1VideoCodecs() throws {
        let sdp = try SessionDescription.parse(SDPSamples.crlf(SDPSamples.rfc8829OfferA1))
        let video = try #require(sdp.media(withMid: "v1"))
        let codecs = video.codecs
        #expect(codecs.map(\.payloadType) == [100, 101, 102, 103])
        let vp8 = try #require(codecs.first)
        #expect(vp8.isNamed("vp8") && vp8.clockRate == 90000 && vp8.channels == nil)
        #expect(vp8.feedback == [
            RTCPFeedback(target: .payloadType(100), type: "ccm", parameter: "fir"),
            RTCPFeedback(target: .payloadType(100), type: "nack"),
            RTCPFeedback(target: .payloadType(100), type: "nack", parameter: "pli"),
        ])
        let h264 = try #require(codecs.first { $0.payloadType == 101 })
        #expect(h264.parameters?.value(for: "profile-level-id") == "42e01f")
        #expect(h264.parameters?.value(for: "packetization-mode") == "1")
        #expect(h264.feedback.isEmpty)
        let rtx = codecs.filter(\.isRTX)
        #expect(rtx.map(\.associatedPayloadType) == [100, 101])
        #expect(sdp.iceCredentials(for: video) == ICECredentials(ufrag: "BGKk", pwd: "mqyWsAjvtKwTGnvhPztQ9mIf"))
        #expect(video.headerExtensions.map(\.uri) == [ExtensionMap.URI.mid, ExtensionMap.URI.rtpStreamID])
    }

    @Test("RFC 8829 §7.1 offer-A1 prints back byte for byte")
    func offerA1RoundTrip() throws {
        let text = SDPSamples.crlf(SDPSamples.rfc8829OfferA1)
        let sdp = try SessionDescription.parse(text)
        #expect(Array(sdp.serialized().utf8) == Array(text.utf8))
    }

    @Test("RFC 8829 §7.2 offer-B2: simulcast rids, data channel, trickled candidates, rtcp-mux-only")
    func offerB2() throws {
        let text = SDPSamples.crlf(SDPSamples.rfc8829OfferB2)
        let sdp = try SessionDescription.parse(text)
        #expect(sdp.origin.sessionVersion == 2)
        #expect(sdp.bundleMids == ["a1", "d1", "v1", "v2"])
        #expect(sdp.media.map(\.kind) == [.audio, .application, .video, .video])
        let audio = try #require(sdp.media(withMid: "a1"))
        #expect(audio.rtcpMuxOnly)
        let srflx = try #require(audio.candidates.first { $0.type == .srflx })
        #expect(srflx.priority == 1845494015 && srflx.address == "198.51.100.200" && srflx.port == 11200)
        #expect(srflx.relatedAddress == "203.0.113.200" && srflx.relatedPort == 10200)
        let relay = try #require(audio.candidates.first { $0.type == .relay })
        #expect(relay.priority == 255 && relay.relatedAddress == "198.51.100.200" && relay.relatedPort == 11200)
        let data = try #require(sdp.media(withMid: "d1"))
        #expect(data.formats == ["webrtc-datachannel"] && data.proto == "UDP/DTLS/SCTP")
        #expect(data.sctpPort == 5000 && data.maxMessageSize == 65536)
        #expect(data.codecs.isEmpty)
        // The data and video sections carry no ICE/DTLS lines: they are bundled with a1.
        #expect(sdp.iceCredentials(for: data) == nil)
        let v1 = try #require(sdp.media(withMid: "v1"))
        #expect(v1.rids == [
            RestrictionIdentifier(id: "1", direction: .send),
            RestrictionIdentifier(id: "2", direction: .send),
            RestrictionIdentifier(id: "3", direction: .send),
        ])
        #expect(v1.simulcast == Simulcast(send: ["1", "2", "3"]))
        #expect(v1.codecs.last?.name == "flexfec")
        let v2 = try #require(sdp.media(withMid: "v2"))
        #expect(v2.simulcast == nil && v2.rids.isEmpty)
        #expect(Array(sdp.serialized().utf8) == Array(text.utf8))
    }

    @Test("RFC 8829 §7.1 offer-A1 with LF line endings parses the same and prints CRLF")
    func lineFeedInput() throws {
        let crlfText = SDPSamples.crlf(SDPSamples.rfc8829OfferA1)
        let lfText = SDPSamples.rfc8829OfferA1.joined(separator: "\n")  // no final newline either
        let fromLF = try SessionDescription.parse(lfText)
        #expect(fromLF == (try SessionDescription.parse(crlfText)))
        #expect(fromLF.serialized() == crlfText)
    }
}
