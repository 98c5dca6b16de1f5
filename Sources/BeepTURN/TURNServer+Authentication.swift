import BeepSTUN
import BeepWire

/// The credentials a request was authenticated with.
struct TURNAuthenticatedUser: Sendable {
    /// The long-term key (RFC 8489 §9.2.2) that signs the responses.
    var key: STUNIntegrityKey
    /// USERNAME as received.
    var username: String
    /// The quota key: the user ID of the REST username, or the whole username without one.
    var quotaKey: String
}

extension TURNServer {
    /// Long-term credential checks of RFC 8489 §9.2.4, in the RFC's order, with the "TURN
    /// REST API" password `base64(HMAC-SHA1(secret, username))`:
    /// no MESSAGE-INTEGRITY → 401 with REALM and NONCE; missing USERNAME/REALM/NONCE → 400;
    /// a nonce that is stale or not ours → 438 with a fresh NONCE; an unknown realm, an
    /// unparsable or expired username, or a MAC that verifies under no secret → 401.
    /// Returns nil when a response was already queued.
    mutating func authenticate(_ request: STUNMessage, on fiveTuple: TURNFiveTuple,
                               now: MonotonicTime) -> TURNAuthenticatedUser? {
        guard request.hasIntegrity else {
            challenge(.unauthenticated, request, on: fiveTuple, now: now)
            return nil
        }
        guard let username = request.username, let realm = request.realm, let nonce = request.nonce else {
            sendError(.badRequest, for: request, to: fiveTuple, key: nil)
            return nil
        }
        guard nonces.check(nonce, from: fiveTuple.client, now: now) == .valid else {
            challenge(.staleNonce, request, on: fiveTuple, now: now)
            return nil
        }
        guard realm == configuration.realm,
              let parsed = TURNCredentials.parseUsername(username),
              parsed.expiresAt > unixTime(at: now) else {
            challenge(.unauthenticated, request, on: fiveTuple, now: now)
            return nil
        }
        for secret in configuration.secrets {
            let password = TURNCredentials.password(secret: secret, username: username)
            let key = STUNIntegrityKey.longTerm(username: username, realm: realm, password: password)
            if request.verifyIntegrity(key: key, algorithm: .hmacSHA1) {
                return TURNAuthenticatedUser(key: key, username: username,
                                             quotaKey: parsed.userID.isEmpty ? username : parsed.userID)
            }
        }
        challenge(.unauthenticated, request, on: fiveTuple, now: now)
        return nil
    }

    /// An unsigned 401 or 438 carrying REALM and a fresh NONCE (RFC 8489 §9.2.4).
    mutating func challenge(_ code: STUNErrorCode, _ request: STUNMessage, on fiveTuple: TURNFiveTuple,
                            now: MonotonicTime) {
        sendError(code, for: request, to: fiveTuple, key: nil,
                  attributes: [.realm(configuration.realm), .nonce(nonces.issue(for: fiveTuple.client, now: now))])
    }
}
