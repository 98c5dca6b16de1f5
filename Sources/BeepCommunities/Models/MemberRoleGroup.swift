import BeepPlatformCore

/// The members of a server who hold exactly the same roles. Permissions differ between them
/// only where one is the owner or has an overwrite of their own, so a channel's audience is
/// resolved once per group rather than once per member.
public struct MemberRoleGroup: Sendable, Hashable {
    /// The roles every member of the group holds, besides @everyone.
    public var roleIDs: Set<Snowflake>
    /// The members, by user id.
    public var userIDs: [UserID]

    /// A group from its parts.
    public init(roleIDs: Set<Snowflake>, userIDs: [UserID]) {
        self.roleIDs = roleIDs
        self.userIDs = userIDs
    }
}
