import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// Real connectivity checks captured from headless Chromium 156.0.8078.108 (Debian 12) on
/// loopback, answered by the lite agent.
///
/// Capture: a page created an RTCPeerConnection with a data channel, applied its offer, and
/// applied a hand-written answer with `a=ice-lite`, `a=ice-ufrag:sfuU`,
/// `a=ice-pwd:sfu-password-0123456789` and one host candidate on 127.0.0.1, where a Python UDP
/// socket recorded the Binding requests and answered them (so that Chromium nominated).
/// Chromium's ufrag was "sPk2"; it sent from 127.0.0.1:53422. Attributes in order: USERNAME,
/// GOOG-NETWORK-INFO (0xC057, comprehension-optional), ICE-CONTROLLING, [USE-CANDIDATE],
/// PRIORITY, MESSAGE-INTEGRITY, FINGERPRINT.
struct ICEChromiumCaptureTests {
    typealias F = ICETestFixtures
    static let chromium = STUNAddress.ipv4(127, 0, 0, 1, port: 53422)

    /// The first check Chromium sent (no USE-CANDIDATE).
    static let firstCheck = hex("""
        0001004c2112a44248766f68654f436b5370355500060009736675553a73506b
        32000000c0570004000003e7802a00087173fd338c86b851002400046e001eff
        00080014b3e05418eb368cf577e99456731dc4be19443ea3802800048f6353b3
        """)

    /// The nominating check Chromium sent after the first one was answered.
    static let nominatingCheck = hex("""
        000100502112a442337a6b544241523477574d2b00060009736675553a73506b
        32000000c0570004000003e7802a00087173fd338c86b8510025000000240004
        6e001eff000800143c6135863cec37070fad0c547eb60b4b84b3025580280004
        2474cc33
        """)

    static func hex(_ text: String) -> [UInt8] {
        Fixtures.bytes(hex: text.filter { !$0.isWhitespace }) ?? []
    }

    @Test func liteAgentAnswersAndFollowsChromiumNomination() throws {
        let sfu = F.liteAgent()
        let first = try STUNMessage.parse(Self.firstCheck)
        #expect(first.username == "sfuU:sPk2")
        #expect(ICEUsername.receiverUfrag(of: first) == "sfuU")
        sfu.handleSTUN(first, from: Self.chromium, to: F.sfuAddress, now: .zero)
        let firstAnswer = try STUNMessage.parse(try #require(F.drainTransmits(sfu).first).bytes)
        #expect(firstAnswer.messageClass == .successResponse)
        #expect(firstAnswer.transactionID == first.transactionID)
        #expect(firstAnswer.xorMappedAddress == Self.chromium)
        #expect(firstAnswer.verifyIntegrity(key: .shortTerm(password: F.sfuCredentials.password)))
        #expect(sfu.selectedPair == nil)
        #expect(sfu.connectionState == .checking)
        // RFC 8445 §7.3.1.3: Chromium's PRIORITY 0x6e001eff becomes the prflx candidate's.
        #expect(sfu.remoteCandidates == [.peerReflexive(Self.chromium, priority: 0x6E00_1EFF)])

        let nominating = try STUNMessage.parse(Self.nominatingCheck)
        #expect(nominating.useCandidate)
        sfu.handleSTUN(nominating, from: Self.chromium, to: F.sfuAddress, now: .zero + .milliseconds(50))
        let answer = try STUNMessage.parse(try #require(F.drainTransmits(sfu).first).bytes)
        #expect(answer.messageClass == .successResponse)
        #expect(answer.hasValidFingerprint)
        #expect(sfu.selectedPair == ICESelectedPair(local: F.sfuAddress, remote: Self.chromium))
        #expect(sfu.connectionState == .connected)
    }

    /// The same captured bytes with the wrong local password are refused with 401.
    @Test func chromiumCheckWithOtherPasswordIsRefused() throws {
        let sfu = F.liteAgent(credentials: ICECredentials(ufrag: "sfuU", password: "another-password-012345"))
        sfu.handleSTUN(try STUNMessage.parse(Self.nominatingCheck), from: Self.chromium, to: F.sfuAddress, now: .zero)
        let answer = try STUNMessage.parse(try #require(F.drainTransmits(sfu).first).bytes)
        #expect(answer.errorCode?.code == 401)
        #expect(sfu.selectedPair == nil)
    }
}
