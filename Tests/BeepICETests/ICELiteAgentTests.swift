import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire
import Testing

/// The lite agent (the SFU side) answering browser-shaped checks (RFC 8445 §2.5, §7.3).
struct ICELiteAgentTests {
    typealias F = ICETestFixtures
    let browser = STUNAddress.ipv4(127, 0, 0, 1, port: 61000)

    /// RFC 8445 §7.3.1.2 and §8.2: a valid nominating check from a browser gets a success
    /// response with XOR-MAPPED-ADDRESS = the browser's address, MESSAGE-INTEGRITY with the
    /// SFU's password and FINGERPRINT; the pair is selected and the peer address learnt.
    @Test func liteAnswersNominatingBrowserCheckRFC8445Section7_3() throws {
        let agent = F.liteAgent()
        let check = try #require(F.browserCheck())
        agent.handleSTUN(check, from: browser, to: F.sfuAddress, now: .zero)
        let transmits = F.drainTransmits(agent)
        try #require(transmits.count == 1)
        #expect(transmits[0].source == F.sfuAddress)
        #expect(transmits[0].destination == browser)
        let response = try STUNMessage.parse(transmits[0].bytes)
        #expect(response.messageClass == .successResponse)
        #expect(response.transactionID == check.transactionID)
        #expect(response.xorMappedAddress == browser)
        #expect(response.verifyIntegrity(key: .shortTerm(password: F.sfuCredentials.password)))
        #expect(response.hasValidFingerprint)
        let events = F.drainEvents(agent)
        #expect(events.contains(.selectedPairChanged(local: F.sfuAddress, remote: browser)))
        #expect(events.contains(.connectionStateChanged(.connected)))
        #expect(events.contains { if case .peerReflexiveCandidate(let c) = $0 { c.address == browser } else { false } })
        #expect(agent.selectedPair == ICESelectedPair(local: F.sfuAddress, remote: browser))
        #expect(agent.counters.checksAnswered == 1)
        // A lite agent never sends checks of its own (RFC 8445 §2.5).
        agent.handleTimeout(now: .zero + .seconds(3))
        #expect(F.drainTransmits(agent).isEmpty)
    }

    /// RFC 8445 §7.3.1.5 / §8.2: a check without USE-CANDIDATE is answered but selects nothing.
    @Test func checkWithoutUseCandidateDoesNotSelect() throws {
        let agent = F.liteAgent()
        agent.handleSTUN(try #require(F.browserCheck(useCandidate: false)), from: browser, to: F.sfuAddress, now: .zero)
        #expect(F.drainTransmits(agent).count == 1)
        #expect(agent.selectedPair == nil)
        #expect(agent.connectionState == .checking)
    }

    /// RFC 8489 §9.1.3: a wrong MESSAGE-INTEGRITY or unknown ufrag gets an unsigned 401, and
    /// the agent's state does not change.
    @Test(arguments: [("sfuU:brwU", "wrong-password-0123456789"), ("nope:brwU", F.sfuCredentials.password),
                      ("sfuU", F.sfuCredentials.password)])
    func unauthenticatedCheckGets401RFC8489Section9_1_3(username: String, password: String) throws {
        let agent = F.liteAgent()
        agent.handleSTUN(try #require(F.browserCheck(username: username, password: password)),
                         from: browser, to: F.sfuAddress, now: .zero)
        let transmits = F.drainTransmits(agent)
        try #require(transmits.count == 1)
        let response = try STUNMessage.parse(transmits[0].bytes)
        #expect(response.messageClass == .errorResponse)
        #expect(response.errorCode?.code == 401)
        #expect(!response.hasIntegrity)
        #expect(agent.connectionState == .new)
        #expect(agent.selectedPair == nil)
        #expect(agent.remoteCandidates.isEmpty)
        #expect(agent.counters.rejectedRequests == 1)
    }

    /// RFC 8445 §7.2.2: checks carry FINGERPRINT; one without it is not treated as ICE.
    @Test func checkWithoutFingerprintIsDropped() throws {
        let agent = F.liteAgent()
        agent.handleSTUN(try #require(F.browserCheck(fingerprint: false)), from: browser, to: F.sfuAddress, now: .zero)
        #expect(F.drainTransmits(agent).isEmpty)
        #expect(agent.counters.droppedMalformed == 1)
        #expect(agent.connectionState == .new)
    }

    /// A valid check from an address outside the policy gets no answer at all.
    @Test func checkFromDisallowedAddressIsDroppedSilently() throws {
        let agent = F.liteAgent()
        agent.handleSTUN(try #require(F.browserCheck()), from: .ipv4(192, 168, 1, 20, port: 5000), to: F.sfuAddress, now: .zero)
        #expect(F.drainTransmits(agent).isEmpty)
        #expect(F.drainEvents(agent).isEmpty)
        #expect(agent.counters.droppedByPolicy == 1)
        #expect(agent.selectedPair == nil)
    }

    /// RFC 5769 §2.1 sample request (USERNAME "evtj:h6vY", password "VOkJxbRl1RmTxUk/WvJxBt")
    /// carries ICE-CONTROLLED. A lite agent is always controlled (RFC 8445 §6.1.1), so it
    /// answers 487 Role Conflict (§7.3.1.1), signed; a controlling full agent answers success.
    @Test func rfc5769Section2_1SampleRequestRoleHandling() throws {
        let request = try STUNMessage.parse(RFC5769Samples.sampleRequest)
        let credentials = ICECredentials(ufrag: "evtj", password: "VOkJxbRl1RmTxUk/WvJxBt")
        let lite = F.liteAgent(credentials: credentials)
        lite.handleSTUN(request, from: browser, to: F.sfuAddress, now: .zero)
        let liteAnswer = try STUNMessage.parse(try #require(F.drainTransmits(lite).first).bytes)
        #expect(liteAnswer.errorCode?.code == 487)
        #expect(liteAnswer.verifyIntegrity(key: .shortTerm(password: credentials.password)))
        #expect(lite.selectedPair == nil)

        let full = F.fullAgent(credentials: credentials, address: F.sfuAddress)
        full.handleSTUN(request, from: browser, to: F.sfuAddress, now: .zero)
        let fullAnswer = try STUNMessage.parse(try #require(F.drainTransmits(full).first).bytes)
        #expect(fullAnswer.messageClass == .successResponse)
        #expect(fullAnswer.xorMappedAddress == browser)
        #expect(full.role == .controlling)
        // RFC 8445 §7.3.1.3: the request's PRIORITY (0x6e0001ff) becomes the prflx priority.
        #expect(full.remoteCandidates.first?.priority == 0x6E00_01FF)
    }

    /// Comprehension-required attributes the agent does not know get 420 (RFC 8489 §6.3.1.1).
    @Test func unknownComprehensionRequiredAttributeGets420() throws {
        let agent = F.liteAgent()
        let request = STUNMessage(method: .binding, messageClass: .request, transactionID: STUNTransactionID(high: 1, low: 2),
                                  attributes: [.username("sfuU:brwU"), .priority(5), .iceControlling(tieBreaker: 1),
                                               .unknown(type: STUNAttributeType(rawValue: 0x0031), value: [1, 2, 3, 4])])
        let parsed = try STUNMessage.parse(try request.serialize(integrity: .shortTerm(password: F.sfuCredentials.password),
                                                                 fingerprint: true))
        agent.handleSTUN(parsed, from: browser, to: F.sfuAddress, now: .zero)
        let answer = try STUNMessage.parse(try #require(F.drainTransmits(agent).first).bytes)
        #expect(answer.errorCode?.code == 420)
        #expect(agent.connectionState == .new)
    }

    /// The most recent nomination wins: a peer nominating a new pair (e.g. after a network
    /// change) moves the selection there once the old pair is no longer being nominated.
    @Test func liteSwitchesToNewerNominatedPair() throws {
        let agent = F.liteAgent()
        let other = STUNAddress.ipv4(127, 0, 0, 1, port: 61001)
        agent.handleSTUN(try #require(F.browserCheck(id: 1)), from: browser, to: F.sfuAddress, now: .zero)
        agent.handleSTUN(try #require(F.browserCheck(id: 2)), from: other, to: F.sfuAddress, now: .zero + .seconds(2))
        #expect(agent.selectedPair?.remote == other)
        let events = F.drainEvents(agent).filter { if case .selectedPairChanged = $0 { true } else { false } }
        #expect(events == [.selectedPairChanged(local: F.sfuAddress, remote: browser),
                           .selectedPairChanged(local: F.sfuAddress, remote: other)])
    }

    /// Aggressive nomination (USE-CANDIDATE on every check of every pair): a lower-priority
    /// pair nominated while the selected pair is still being nominated does not take over.
    @Test func aggressiveNominationKeepsHigherPriorityPair() throws {
        let agent = F.liteAgent()
        let other = STUNAddress.ipv4(127, 0, 0, 1, port: 61001)
        let high = STUNMessage(method: .binding, messageClass: .request, transactionID: STUNTransactionID(high: 1, low: 1),
                               attributes: [.username("sfuU:brwU"), .priority(2_000_000_000), .iceControlling(tieBreaker: 9), .useCandidate])
        let low = STUNMessage(method: .binding, messageClass: .request, transactionID: STUNTransactionID(high: 1, low: 2),
                              attributes: [.username("sfuU:brwU"), .priority(1_000), .iceControlling(tieBreaker: 9), .useCandidate])
        let key = STUNIntegrityKey.shortTerm(password: F.sfuCredentials.password)
        agent.handleSTUN(try STUNMessage.parse(try high.serialize(integrity: key, fingerprint: true)), from: browser, to: F.sfuAddress, now: .zero)
        agent.handleSTUN(try STUNMessage.parse(try low.serialize(integrity: key, fingerprint: true)), from: other, to: F.sfuAddress,
                         now: .zero + .milliseconds(100))
        #expect(agent.selectedPair?.remote == browser)
        #expect(F.drainTransmits(agent).count == 2)
    }
}
