import BeepCalls
import Crypto
import Foundation

/// Shared keys, clock and helpers for the BeepCalls tests.
enum CallTestFixtures {
    /// RFC 8032 §7.1 "TEST 1" Ed25519 SECRET KEY, pasted verbatim.
    static let rfc8032Test1SecretKeyHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    /// RFC 8032 §7.1 "TEST 1" PUBLIC KEY, pasted verbatim.
    static let rfc8032Test1PublicKeyHex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    /// RFC 8032 §7.1 "TEST 2" SECRET KEY, pasted verbatim (a second, unrelated signer).
    static let rfc8032Test2SecretKeyHex = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            if let byte = UInt8(hex[index..<next], radix: 16) { out.append(byte) }
            index = next
        }
        return out
    }

    static func key(hex: String) throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: bytes(hex: hex))
    }

    static func issuer() throws -> JoinTokenIssuer { JoinTokenIssuer(privateKey: try key(hex: rfc8032Test1SecretKeyHex)) }

    /// A fixed wall-clock time: 2027-01-15T08:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func token(room: String = "general", identity: String, name: String? = nil,
                      permissions: Set<CallPermission> = Set(CallPermission.allCases),
                      issuedAt: Date = now, lifetime: TimeInterval = 600) async throws -> String {
        try await issuer().issue(room: room, identity: identity, name: name ?? identity.capitalized,
                                 permissions: permissions, issuedAt: issuedAt, lifetime: lifetime)
    }

    static func frame(_ json: String) -> [UInt8] { Array(json.utf8) }
}

extension CallTestFixtures {
    /// The error the fixture verifier refuses `token` with, or `nil` when it accepts it.
    static func refusal(_ token: String, room: String, now: Date = now) throws -> JoinTokenError? {
        try refusal(token, room: room, now: now, verifier: issuer().verifier)
    }

    /// The error `verifier` refuses `token` with, or `nil` when it accepts it.
    static func refusal(_ token: String, room: String, now: Date, verifier: JoinTokenVerifier) -> JoinTokenError? {
        do throws(JoinTokenError) {
            _ = try verifier.verify(token, room: room, now: now)
            return nil
        } catch {
            return error
        }
    }
}
