import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// Real connectivity checks captured from aioice 0.13.0 (the ICE layer of aiortc), answered
/// by the lite agent.
///
/// Capture: an `aioice.Connection(ice_controlling=True)` with `remote_is_lite = True`, remote
/// credentials sfuU / sfu-password-0123456789 and one remote host candidate on 127.0.0.1,
/// where a Python socket recorded and answered its Binding requests. aioice's ufrag was
/// "WyoC". Attributes: USERNAME, PRIORITY, ICE-CONTROLLING, [USE-CANDIDATE],
/// MESSAGE-INTEGRITY, FINGERPRINT. (The source address is not part of the bytes; the test
/// delivers them from a loopback address.)
struct ICEAioiceCaptureTests {
    typealias F = ICETestFixtures
    static let aiortc = STUNAddress.ipv4(127, 0, 0, 1, port: 50021)

    /// The first check (no USE-CANDIDATE: aioice nominates a lite peer's pair afterwards).
    static let firstCheck = ICEChromiumCaptureTests.hex("""
        000100442112a442efc86e89ad81e32f714b332a00060009736675553a57796f
        43000000002400046effffff802a0008243fcfc7dbbfd3d6000800140080161a
        2c326b3360f4fe9469b27b522d1e22978028000446b06a30
        """)

    /// The nominating check.
    static let nominatingCheck = ICEChromiumCaptureTests.hex("""
        000100482112a44285be21bfe988041d774a1b4000060009736675553a57796f
        43000000002400046effffff802a0008243fcfc7dbbfd3d60025000000080014
        a6a7cab5a0a48ed8a5b479ecd1ce53c2bc161935802800044c8fe561
        """)

    @Test func liteAgentAnswersAndFollowsAioiceNomination() throws {
        let sfu = F.liteAgent()
        let first = try STUNMessage.parse(Self.firstCheck)
        #expect(first.username == "sfuU:WyoC")
        sfu.handleSTUN(first, from: Self.aiortc, to: F.sfuAddress, now: .zero)
        let firstAnswer = try STUNMessage.parse(try #require(F.drainTransmits(sfu).first).bytes)
        #expect(firstAnswer.messageClass == .successResponse)
        #expect(firstAnswer.xorMappedAddress == Self.aiortc)
        #expect(sfu.selectedPair == nil)

        sfu.handleSTUN(try STUNMessage.parse(Self.nominatingCheck), from: Self.aiortc, to: F.sfuAddress,
                       now: .zero + .milliseconds(50))
        let answer = try STUNMessage.parse(try #require(F.drainTransmits(sfu).first).bytes)
        #expect(answer.messageClass == .successResponse)
        #expect(answer.verifyIntegrity(key: .shortTerm(password: F.sfuCredentials.password)))
        #expect(sfu.selectedPair == ICESelectedPair(local: F.sfuAddress, remote: Self.aiortc))
        #expect(sfu.connectionState == .connected)
        // aioice's PRIORITY 0x6effffff is the prflx priority RFC 8445 §7.1.1 prescribes.
        #expect(sfu.remoteCandidates.first?.priority == 0x6EFF_FFFF)
    }
}
