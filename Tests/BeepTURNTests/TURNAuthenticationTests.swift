import BeepSTUN
import BeepTURN
import BeepWire
import Testing

/// Long-term credentials with REST-style passwords (RFC 8489 §9.2.4) and stale nonces.
@Suite struct TURNAuthenticationTests {
    @Test func rfc8489Section9_2_4_wrongPasswordGets401WithRealmAndNonce() {
        var harness = TURNTestHarness()
        let forged = TURNCredentials.make(secret: "not-the-secret", userID: "mallory", ttl: .seconds(3600),
                                          now: TURNTestHarness.unixOrigin)
        var client = TURNTestClient(port: 50000, credentials: forged)
        #expect(harness.allocate(&client) == nil)
        let response = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)])
        #expect(response?.errorCode?.code == 401)
        #expect(response?.realm == TURNTestHarness.realm)
        #expect(response?.nonce != nil)
        #expect(harness.server.allocations.isEmpty)
    }

    @Test func expiredRESTCredentialsGet401() {
        var harness = TURNTestHarness()
        // Issued two hours before the server's origin with a one-hour lifetime.
        let expired = TURNCredentials.make(secret: TURNTestHarness.secret, userID: "alice", ttl: .seconds(3600),
                                           now: TURNTestHarness.unixOrigin - 7200)
        var client = TURNTestClient(port: 50000, credentials: expired)
        #expect(harness.allocate(&client) == nil)
        let response = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)])
        #expect(response?.errorCode?.code == 401)
    }

    @Test func credentialsStopWorkingAtTheirExpiry() {
        var harness = TURNTestHarness()
        let shortLived = TURNCredentials.make(secret: TURNTestHarness.secret, userID: "alice", ttl: .seconds(60),
                                              now: TURNTestHarness.unixOrigin)
        var client = TURNTestClient(port: 50000, credentials: shortLived)
        #expect(harness.allocate(&client) != nil)
        _ = harness.advance(.seconds(61))
        #expect(harness.request(&client, .refresh, [.lifetime(seconds: 600)])?.errorCode?.code == 401)
    }

    @Test func usernameWithoutAnExpiryGets401() {
        var harness = TURNTestHarness()
        let username = "alice"
        let password = TURNCredentials.password(secret: TURNTestHarness.secret, username: username)
        let bogus = TURNCredentials.make(secret: TURNTestHarness.secret, userID: "x", ttl: .seconds(1), now: 0)
        var client = TURNTestClient(port: 50000, credentials: bogus)
        client.credentials = TURNCredentialsFixture.credentials(username: username, password: password)
        #expect(harness.allocate(&client) == nil)
    }

    @Test func rfc8489Section9_2_4_missingUsernameWithIntegrityGets400() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        var generator = client.generator
        let message = STUNMessage(method: .allocate, messageClass: .request,
                                  transactionID: .random(using: &generator),
                                  attributes: [.requestedTransport(protocolNumber: 17), .realm(TURNTestHarness.realm)])
        let bytes = (try? message.serialize(integrity: client.key)) ?? []
        let response = TURNTestHarness.clientMessages(harness.deliver(bytes, from: client), for: client.fiveTuple)
        #expect(response.first?.errorCode?.code == 400)
    }

    @Test func rfc8489Section9_2_4_staleNonceGets438AndTheRetrySucceeds() {
        var configuration = TURNTestHarness.configuration()
        configuration.nonceLifetime = .seconds(30)
        var harness = TURNTestHarness(configuration: configuration)
        var client = TURNTestClient(port: 50000)
        #expect(harness.allocate(&client) != nil)
        let firstNonce = client.nonce
        _ = harness.advance(.seconds(31))

        let stale = harness.request(&client, .refresh, [.lifetime(seconds: 600)])
        #expect(stale?.errorCode?.code == 438)
        #expect(stale?.realm == TURNTestHarness.realm)
        #expect(stale?.nonce != nil)
        #expect(stale?.nonce != firstNonce)

        // The client has learnt the new nonce from the 438; the same request now succeeds.
        let retry = harness.request(&client, .refresh, [.lifetime(seconds: 600)])
        #expect(retry?.messageClass == .successResponse)
        #expect(retry?.verifyIntegrity(key: client.key) == true)
    }

    @Test func forgedNonceGets438() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        _ = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        client.nonce = "99999999999-000000000000000000000000"
        let response = harness.request(&client, .allocate, [.requestedTransport(protocolNumber: 17)])
        #expect(response?.errorCode?.code == 438)
        #expect(harness.server.allocations.isEmpty)
    }

    @Test func aNonceIssuedToOneClientIsStaleForAnother() {
        var harness = TURNTestHarness()
        var alice = TURNTestClient(port: 50000)
        _ = harness.request(&alice, .allocate, [.requestedTransport(protocolNumber: 17)], signed: false)
        var bob = TURNTestClient(port: 50000, userID: "bob")
        bob.fiveTuple.client = .ipv4(198, 51, 100, 8, port: 50000)
        bob.realm = alice.realm
        bob.nonce = alice.nonce
        #expect(harness.request(&bob, .allocate, [.requestedTransport(protocolNumber: 17)])?.errorCode?.code == 438)
    }

    @Test func rotatedSecretsAreBothAccepted() {
        var configuration = TURNTestHarness.configuration()
        configuration.secrets = ["new-secret", TURNTestHarness.secret]
        var harness = TURNTestHarness(configuration: configuration)
        var old = TURNTestClient(port: 50000)
        let fresh = TURNCredentials.make(secret: "new-secret", userID: "bob", ttl: .seconds(600),
                                         now: TURNTestHarness.unixOrigin)
        var new = TURNTestClient(port: 50001, credentials: fresh)
        #expect(harness.allocate(&old) != nil)
        #expect(harness.allocate(&new) != nil)
    }

    @Test func rfc8656Section5_anotherUsernameOnTheSameFiveTupleGets441() {
        var harness = TURNTestHarness()
        var client = TURNTestClient(port: 50000)
        #expect(harness.allocate(&client) != nil)
        client.credentials = TURNCredentials.make(secret: TURNTestHarness.secret, userID: "eve", ttl: .seconds(600),
                                                  now: TURNTestHarness.unixOrigin)
        #expect(harness.request(&client, .refresh, [])?.errorCode?.code == 441)
    }
}

/// Builds credentials values with arbitrary fields for negative tests.
enum TURNCredentialsFixture {
    static func credentials(username: String, password: String) -> TURNCredentials {
        TURNCredentials(username: username, password: password, expiresAt: 0)
    }
}
