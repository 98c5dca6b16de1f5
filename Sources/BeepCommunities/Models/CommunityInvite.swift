import BeepPlatformCore
import Foundation

/// An invite link to a server: a code, an optional expiry and an optional use limit.
public struct CommunityInvite: Sendable, Hashable {
    /// The code in the link (10 characters from [A-Za-z0-9]).
    public var code: String
    /// The server it opens.
    public var serverID: Snowflake
    /// Who created it.
    public var creatorID: UserID
    /// When it was created.
    public var createdAt: Date
    /// When it stops working (`nil`: never).
    public var expiresAt: Date?
    /// How many joins it allows (`nil`: unlimited).
    public var maxUses: Int?
    /// How many joins it has served.
    public var uses: Int
    /// Whether it was revoked.
    public var revoked: Bool

    /// An invite from its parts.
    public init(code: String, serverID: Snowflake, creatorID: UserID, createdAt: Date, expiresAt: Date?,
                maxUses: Int?, uses: Int, revoked: Bool) {
        self.code = code
        self.serverID = serverID
        self.creatorID = creatorID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.maxUses = maxUses
        self.uses = uses
        self.revoked = revoked
    }

    /// Whether the invite still admits someone at `now`.
    public func isUsable(at now: Date) -> Bool {
        if revoked { return false }
        if let expiresAt, now >= expiresAt { return false }
        if let maxUses, uses >= maxUses { return false }
        return true
    }
}
