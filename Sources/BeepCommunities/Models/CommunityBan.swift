import BeepPlatformCore
import Foundation

/// A ban: the user is removed from the server and cannot rejoin until unbanned.
public struct CommunityBan: Sendable, Hashable {
    /// The server.
    public var serverID: Snowflake
    /// The banned user.
    public var userID: UserID
    /// Who banned them.
    public var bannedBy: UserID
    /// Why (0...512 characters).
    public var reason: String
    /// When.
    public var createdAt: Date

    /// A ban from its parts.
    public init(serverID: Snowflake, userID: UserID, bannedBy: UserID, reason: String, createdAt: Date) {
        self.serverID = serverID
        self.userID = userID
        self.bannedBy = bannedBy
        self.reason = reason
        self.createdAt = createdAt
    }
}
