import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// Beep's TURN client against Beep's TURN server in virtual time: authentication, refresh,
/// expiry and release (RFC 8656 §7-§8, RFC 8489 §9.2).
@Suite struct TURNClientAllocationTests {
    @Test func allocateAnswersThe401ChallengeThenSucceeds() throws {
        var bed = TURNClientTestBed()
        bed.allocate()
        let requests = bed.sentRequests.map(\.message)
        try #require(requests.count == 2)
        // RFC 8656 §7.1: the first Allocate carries no credentials; the retry carries
        // USERNAME, REALM, NONCE and MESSAGE-INTEGRITY (RFC 8489 §9.2.4).
        #expect(requests[0].method == .allocate && requests[0].username == nil && !requests[0].hasIntegrity)
        #expect(requests[0].requestedTransport == 17)
        #expect(requests[1].username == bed.client.configuration.username)
        #expect(requests[1].realm == TURNTestHarness.realm)
        #expect(requests[1].nonce != nil && requests[1].hasIntegrity)
        #expect(requests[0].transactionID != requests[1].transactionID)
        #expect(bed.client.state == .allocated)
        let relayed = try #require(bed.client.relayedAddress)
        #expect(relayed.addressBytes == TURNTestHarness.relayIP.addressBytes)
        #expect(bed.client.mappedAddress == TURNClientTestBed.clientAddress)
        #expect(bed.events.first == .allocated(relayed: relayed, mapped: TURNClientTestBed.clientAddress, lifetime: 600))
        #expect(bed.server.allocations.map(\.relayedAddress) == [relayed])
    }

    @Test func wrongPasswordFailsWith401Unauthenticated() {
        let forged = TURNCredentials(username: "1800086400:bot", password: "not-the-password", expiresAt: 1_800_086_400)
        var bed = TURNClientTestBed(credentials: forged)
        bed.allocate()
        #expect(bed.failure?.code == .unauthenticated)
        #expect(bed.failure?.stunError?.code == 401)
        #expect(bed.client.state == .failed(bed.failure ?? TURNClientError(.timeout, "")))
        #expect(bed.server.allocations.isEmpty)
        // One challenge round only: no endless retries with bad credentials.
        #expect(bed.sentRequests.count == 2)
    }

    @Test func expiredRESTCredentialsFailWith401() {
        let expired = TURNCredentials.make(secret: TURNTestHarness.secret, userID: "bot", ttl: .seconds(10),
                                           now: TURNTestHarness.unixOrigin - 3600)
        var bed = TURNClientTestBed(credentials: expired)
        bed.allocate()
        #expect(bed.failure?.code == .unauthenticated)
    }

    @Test func staleNonceIsRetriedWithTheNewNonce() throws {
        var configuration = TURNTestHarness.configuration()
        configuration.nonceLifetime = .seconds(60)
        var bed = TURNClientTestBed(serverConfiguration: configuration)
        bed.allocate()
        let firstNonce = try #require(bed.sentRequests.last?.message.nonce)
        bed.advance(.seconds(120))
        let before = bed.sentRequests.count
        try bed.client.createPermission(for: TURNClientTestBed.peer, now: bed.now)
        bed.advance(.seconds(1))
        let requests = bed.sentRequests.dropFirst(before).map(\.message)
        // CreatePermission with the old nonce → 438 with a fresh NONCE → the same request
        // again, as a new transaction, with the new nonce (RFC 8489 §9.2.5).
        try #require(requests.count == 2)
        #expect(requests.allSatisfy { $0.method == .createPermission })
        #expect(requests[0].nonce == firstNonce)
        #expect(requests[1].nonce != firstNonce)
        #expect(bed.events.contains(.permissionCreated(peer: TURNClientTestBed.peer)))
        #expect(bed.client.hasPermission(for: TURNClientTestBed.peer))
    }

    @Test func refreshKeepsTheAllocationAliveBeyondItsLifetime() throws {
        var bed = TURNClientTestBed()
        bed.allocate()
        let relayed = try #require(bed.client.relayedAddress)
        bed.advance(.seconds(1_900))  // more than three 600 s lifetimes
        let refreshes = bed.sentRequests.filter { $0.message.method == .refresh }
        #expect(refreshes.count >= 3)
        // RFC 8656 §8: each Refresh goes out before the lifetime ends (60 s margin).
        for refresh in refreshes { #expect(refresh.message.lifetime == 600) }
        #expect(bed.events.filter { if case .refreshed = $0 { true } else { false } }.count == refreshes.count)
        #expect(bed.client.state == .allocated)
        #expect(bed.server.allocations.map(\.relayedAddress) == [relayed])
    }

    @Test func allocationExpiresWhenRefreshesGoUnanswered() {
        var bed = TURNClientTestBed()
        bed.allocate()
        bed.partitioned = true
        bed.advance(.seconds(700))
        #expect(bed.failure?.code == .allocationExpired)
        #expect(bed.server.allocations.isEmpty)
        // The client kept retrying the Refresh until the lifetime passed.
        #expect(bed.sentRequests.filter { $0.message.method == .refresh }.count > 1)
        #expect(bed.client.pollTimeout() == nil)
    }

    @Test func releaseSendsLifetimeZeroAndTheServerDeletesTheAllocation() throws {
        var bed = TURNClientTestBed()
        bed.allocate()
        bed.client.release(now: bed.now)
        bed.advance(.seconds(1))
        let last = try #require(bed.sentRequests.last?.message)
        #expect(last.method == .refresh && last.lifetime == 0)
        #expect(bed.events.last == .released)
        #expect(bed.client.state == .released)
        #expect(bed.server.allocations.isEmpty)
        #expect(bed.serverOutputs.contains { if case .allocationEnded(_, .deleted) = $0 { true } else { false } })
        #expect(throws: TURNClientError.self) { try bed.client.send([1], to: TURNClientTestBed.peer, now: bed.now) }
    }

    @Test func forbiddenPeerGets403AndNothingIsRelayed() throws {
        var bed = TURNClientTestBed()
        bed.allocate()
        let forbidden = STUNAddress.ipv4(10, 0, 0, 1, port: 5000)
        try bed.client.send([1, 2, 3], to: forbidden, now: bed.now)
        bed.advance(.seconds(1))
        let failure = bed.events.compactMap { event -> TURNClientError? in
            if case .permissionFailed(let peer, let error) = event, peer == forbidden { return error }
            return nil
        }.first
        #expect(failure?.code == .rejected)
        #expect(failure?.stunError?.code == 403)
        #expect(bed.peerInbox.isEmpty)
        #expect(!bed.client.hasPermission(for: forbidden))
    }

    @Test func sendBeforeAllocationThrowsNotAllocated() {
        var bed = TURNClientTestBed()
        #expect(throws: TURNClientError(.notAllocated, "no allocation on 192.0.2.1:3478 (state idle)")) {
            try bed.client.send([1], to: TURNClientTestBed.peer, now: bed.now)
        }
    }
}
