import BeepPermissions
import BeepPlatformCore
import Foundation

/// A user's membership of a server, with the roles they hold (@everyone is implied).
public struct CommunityMember: Sendable, Hashable {
    /// The server.
    public var serverID: Snowflake
    /// The user.
    public var userID: UserID
    /// The roles held, besides @everyone.
    public var roleIDs: Set<Snowflake>
    /// When they joined.
    public var joinedAt: Date

    /// A membership from its parts.
    public init(serverID: Snowflake, userID: UserID, roleIDs: Set<Snowflake>, joinedAt: Date) {
        self.serverID = serverID
        self.userID = userID
        self.roleIDs = roleIDs
        self.joinedAt = joinedAt
    }

    /// The member as the permission algorithm sees them.
    public var permissionMember: PermissionMember {
        PermissionMember(id: MemberID(userID), roles: Set(roleIDs.map { RoleID($0) }))
    }
}
