import BeepDevEcho
import BeepDTLS
import BeepICE
import BeepSDP
import BeepSFUServer
import BeepSTUN
import BeepTestSupport
import Testing

@Suite struct DevEchoAnswerTests {
    let directory = SessionDirectory()
    let certificate: DTLSCertificate
    let service: DevEchoService

    init() throws {
        certificate = try DTLSCertificate()
        service = DevEchoService(directory: directory, candidates: { [.ipv4(127, 0, 0, 1, port: 8801)] },
                                 certificate: certificate, addressPolicy: .loopbackOnly)
    }

    func answer(to fixture: String, profiles: [String]? = nil) throws -> (offer: SessionDescription, answer: SessionDescription) {
        let offerText = try Fixtures.text("sdp/" + fixture)
        let answerText = try service.answer(offer: offerText, profileNames: profiles)
        return (try SessionDescription.parse(offerText), try SessionDescription.parse(answerText))
    }

    @Test(arguments: ["chromium-offer-audio-video.sdp", "aiortc-offer-audio-video.sdp"])
    func rfc8829Section5_3AnswerAcceptsAudioAndVideoOnOneLiteTransport(fixture: String) throws {
        let (offer, answer) = try answer(to: fixture)
        #expect(answer.iceLite)
        #expect(answer.bundleMids == offer.media.compactMap(\.mid))
        #expect(answer.media.count == offer.media.count)
        for (offered, answered) in zip(offer.media, answer.media) {
            #expect(answered.mid == offered.mid)
            #expect(answered.direction == .sendrecv)
            #expect(answer.setupRole(for: answered) == .passive)  // Beep is the DTLS server (RFC 8842 §5.1)
            #expect(answer.fingerprints(for: answered).first?.bytes == certificate.fingerprint.bytes)
            #expect(answered.attributes.contains { $0.value == .rtcpMux })
            let codecs = answered.codecs.map { $0.name.lowercased() }
            #expect(codecs == [offered.kind == .audio ? "opus" : "vp8"])
            #expect(answered.candidates.map { "\($0.address):\($0.port)" } == ["127.0.0.1:8801"])
            // Echoed SSRCs are new, one per offered media SSRC (RTX halves are not echoed).
            let offeredSSRCs = Set(offered.ssrcs)
            #expect(!answered.ssrcs.isEmpty)
            #expect(Set(answered.ssrcs).isDisjoint(with: offeredSSRCs))
            #expect(!answered.headerExtensions.contains { $0.uri.contains("transport-wide-cc") })
        }
        #expect(directory.pendingCount == 1)
        let firstSection = try #require(answer.media.first)
        let credentials = try #require(answer.iceCredentials(for: firstSection))
        #expect(directory.lookup(localUfrag: credentials.ufrag)?.localPassword == credentials.pwd)
    }

    @Test func offersWithoutAudioOrVideoAreRefused() throws {
        #expect(throws: DevEchoService.Failure.self) { try answer(to: "chromium-offer-datachannel.sdp") }
        #expect(directory.pendingCount == 0)
    }

    @Test func sectionsWithoutRTCPMuxAreRejected() throws {
        let offerText = try Fixtures.text("sdp/chromium-offer-audio-video.sdp")
            .replacingOccurrences(of: "a=rtcp-mux\r\n", with: "")
        #expect(throws: DevEchoService.Failure.self) { try service.answer(offer: offerText, profileNames: nil) }
    }

    @Test func unknownProfilesAndGarbageAreRefusedWithAReason() throws {
        let offerText = try Fixtures.text("sdp/chromium-offer-audio-video.sdp")
        #expect(throws: DevEchoService.Failure.self) { try service.answer(offer: offerText, profileNames: ["SRTP_NULL"]) }
        #expect(throws: DevEchoService.Failure.self) { try service.answer(offer: offerText, profileNames: []) }
        #expect(throws: DevEchoService.Failure.self) { try service.answer(offer: "v=0\r\nnonsense", profileNames: nil) }
        #expect(directory.pendingCount == 0)
    }
}
