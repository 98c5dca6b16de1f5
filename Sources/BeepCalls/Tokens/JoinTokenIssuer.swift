import Crypto
import Foundation
import JWTKit

/// Mints join tokens (issue 4 item 4): compact JWS signed with EdDSA/Ed25519
/// (RFC 8037 §3.1) through jwt-kit.
public struct JoinTokenIssuer: Sendable {
    /// The default lifetime of a token, in seconds.
    public static let defaultLifetime: TimeInterval = 3_600

    private let privateKey: Curve25519.Signing.PrivateKey

    /// Creates an issuer with the signing key.
    public init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
    }

    /// The verifier for this issuer's tokens.
    public var verifier: JoinTokenVerifier { JoinTokenVerifier(publicKey: privateKey.publicKey) }

    /// Signs a token for `identity` in `room`, valid from `issuedAt` (rounded down to whole
    /// seconds) for `lifetime` seconds.
    public func issue(room: String, identity: String, name: String?,
                      permissions: Set<CallPermission> = Set(CallPermission.allCases),
                      issuedAt: Date, lifetime: TimeInterval = JoinTokenIssuer.defaultLifetime) async throws -> String {
        // NumericDate (RFC 7519 §2) in whole seconds, as most JWT readers expect.
        let issued = Date(timeIntervalSince1970: issuedAt.timeIntervalSince1970.rounded(.down))
        let claims = JoinTokenClaims(
            sub: SubjectClaim(value: identity),
            aud: AudienceClaim(value: [JoinTokenClaims.audience]),
            iat: IssuedAtClaim(value: issued),
            exp: ExpirationClaim(value: issued.addingTimeInterval(lifetime.rounded(.down))),
            room: room, name: name ?? identity,
            perms: permissions.sorted().map(\.rawValue))
        let keys = JWTKeyCollection()
        await keys.add(eddsa: EdDSA.PrivateKey(backing: privateKey))
        return try await keys.sign(claims)
    }
}
