import BeepICE
import BeepSTUN
import BeepTestSupport
import Testing

/// Candidate and pair priorities, foundations, credentials and the address policy.
struct ICECandidateTests {
    /// RFC 8445 §5.1.2.1: priority = 2^24 × 126 + 2^8 × 65535 + (256 − 1) for a host
    /// candidate of component 1 with the highest local preference; 2130706431 is the value
    /// browsers put on their best host candidates.
    @Test func hostPriorityRFC8445Section5_1_2_1() {
        let candidate = ICECandidate.host(.ipv4(127, 0, 0, 1, port: 8801))
        #expect(candidate.priority == 2_130_706_431)
        #expect(candidate.kind == .host)
        #expect(ICECandidate.priority(kind: .serverReflexive, localPreference: 65535, component: 1) == 1_694_498_815)
        #expect(ICECandidate.priority(kind: .peerReflexive, localPreference: 0, component: 1) == 110 << 24 | 255)
        #expect(ICECandidate.priority(kind: .relay, localPreference: 1, component: 2) == 256 + 254)
    }

    /// RFC 8445 §6.1.2.3: pair priority = 2^32 × MIN(G,D) + 2 × MAX(G,D) + (G > D ? 1 : 0);
    /// for G = 2130706431 (host) and D = 1694498815 (srflx): 7277816997797167103.
    @Test func pairPriorityRFC8445Section6_1_2_3() {
        #expect(ICEPairPriority.compute(controlling: 2_130_706_431, controlled: 1_694_498_815) == 7_277_816_997_797_167_103)
        #expect(ICEPairPriority.compute(controlling: 1_694_498_815, controlled: 2_130_706_431) == 7_277_816_997_797_167_102)
        // RFC 8445 §5.1.2.1 caps candidate priorities at 2^31 − 1: larger PRIORITY values from
        // the wire are clamped, so the ordering stays monotonic without wrapping.
        let top = ICEPairPriority.maximumCandidatePriority
        #expect(ICEPairPriority.compute(controlling: top, controlled: top) > ICEPairPriority.compute(controlling: top, controlled: top - 1))
        #expect(ICEPairPriority.compute(controlling: .max, controlled: .max) == ICEPairPriority.compute(controlling: top, controlled: top))
    }

    /// RFC 8445 §5.1.1.3: same type and base IP share a foundation; other bases or types do not.
    @Test func foundationRFC8445Section5_1_1_3() {
        let a = ICECandidate.host(.ipv4(127, 0, 0, 1, port: 8801))
        let b = ICECandidate.host(.ipv4(127, 0, 0, 1, port: 8802))
        let c = ICECandidate.host(.ipv4(127, 0, 0, 2, port: 8801))
        let reflexive = ICECandidate.serverReflexive(.ipv4(203, 0, 113, 5, port: 4000), base: .ipv4(127, 0, 0, 1, port: 8801))
        #expect(a.foundation == b.foundation)
        #expect(a.foundation != c.foundation)
        #expect(a.foundation != reflexive.foundation)
        #expect((1...32).contains(a.foundation.count))
        #expect(reflexive.relatedAddress == .ipv4(127, 0, 0, 1, port: 8801))
    }

    /// RFC 8839 §5.4: ufrag of at least 4 and password of at least 22 ice-chars
    /// (ALPHA / DIGIT / "+" / "/"); a seeded generator gives the same credentials each run.
    @Test func randomCredentialsRFC8839Section5_4() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        let credentials = ICECredentials.random(using: &first)
        #expect(credentials == ICECredentials.random(using: &second))
        #expect(credentials.ufrag.count >= 4)
        #expect(credentials.password.count >= 22)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        #expect((credentials.ufrag + credentials.password).allSatisfy { allowed.contains($0) })
        #expect(ICECredentials.random() != ICECredentials.random())
        #expect(!credentials.description.contains(credentials.password))
    }

    @Test(arguments: [
        ("127.0.0.1:9", true), ("127.255.1.2:5000", true), ("[::1]:5000", true),
        ("192.168.1.2:5000", false), ("10.0.0.1:5000", false), ("[2001:db8::1]:5000", false), ("127.0.0.1:0", false),
    ])
    func loopbackOnlyPolicy(address: String, allowed: Bool) throws {
        let parsed = try #require(STUNAddress(address))
        #expect(ICEAddressPolicy.loopbackOnly.allows(parsed) == allowed)
        #expect(ICEAddressPolicy.any.allows(parsed) == (parsed.port != 0))
    }

    @Test func cidrNetworks() throws {
        let network = try #require(ICENetwork("10.0.0.0/8"))
        #expect(network.contains(.ipv4(10, 200, 3, 4, port: 1)))
        #expect(!network.contains(.ipv4(11, 0, 0, 1, port: 1)))
        let narrow = try #require(ICENetwork("192.168.1.128/25"))
        #expect(narrow.contains(.ipv4(192, 168, 1, 200, port: 1)))
        #expect(!narrow.contains(.ipv4(192, 168, 1, 100, port: 1)))
        #expect(narrow.description == "192.168.1.128/25")
        #expect(ICENetwork("10.0.0.0/33") == nil)
        #expect(ICENetwork("10.0.0.0/x") == nil)
        #expect(ICENetwork("host.local/8") == nil)
        let single = try #require(ICENetwork("::1"))
        #expect(single.prefixLength == 128)
        #expect(!single.contains(.ipv4(127, 0, 0, 1, port: 1)))
    }
}

/// USERNAME handling for checks (RFC 8445 §7.2.2: "receiverUfrag:senderUfrag").
struct ICEUsernameTests {
    @Test(arguments: [("sfuU:brwU", "sfuU", "brwU"), ("a:b:c", "a", "b:c")])
    func splitsAtFirstColon(username: String, receiver: String, sender: String) throws {
        let parts = try #require(ICEUsername.split(username))
        #expect(parts.receiver == receiver && parts.sender == sender)
    }

    @Test(arguments: ["", "nocolon", ":brwU", "sfuU:"])
    func rejectsMalformedUsernames(username: String) {
        #expect(ICEUsername.split(username) == nil)
    }

    /// The driver's demux helper reads the receiver ufrag of a request, and nothing else.
    @Test func receiverUfragOfRequestsOnly() throws {
        let check = try #require(ICETestFixtures.browserCheck())
        #expect(ICEUsername.receiverUfrag(of: check) == "sfuU")
        #expect(ICEUsername.receiverUfrag(of: check.successResponse()) == nil)
    }
}
