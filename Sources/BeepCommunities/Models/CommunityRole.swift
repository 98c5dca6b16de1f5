import BeepPermissions
import BeepPlatformCore

/// A role of a server. The @everyone role has the server's id and position 0.
public struct CommunityRole: Sendable, Hashable {
    /// The role's id (the server's id for @everyone).
    public var id: Snowflake
    /// The server it belongs to.
    public var serverID: Snowflake
    /// Display name (1...100 characters; `@everyone` for @everyone).
    public var name: String
    /// Display colour as 0xRRGGBB (0: none).
    public var colour: Int
    /// Place in the hierarchy: @everyone 0, others from 1 up (higher ranks higher).
    public var position: Int
    /// What it grants server-wide.
    public var permissions: Permissions

    /// A role from its parts.
    public init(id: Snowflake, serverID: Snowflake, name: String, colour: Int, position: Int, permissions: Permissions) {
        self.id = id
        self.serverID = serverID
        self.name = name
        self.colour = colour
        self.position = position
        self.permissions = permissions
    }

    /// Whether this is the server's @everyone role.
    public var isEveryone: Bool { id == serverID }

    /// The role as the permission algorithm sees it.
    public var permissionRole: PermissionRole {
        PermissionRole(id: RoleID(id), position: position, permissions: permissions)
    }
}

extension RoleID {
    /// The permission algorithm's id for a role snowflake.
    public init(_ snowflake: Snowflake) { self.init(UInt64(bitPattern: snowflake.rawValue)) }
    /// The snowflake this id stands for.
    public var snowflake: Snowflake { Snowflake(rawValue: Int64(bitPattern: rawValue)) }
}

extension MemberID {
    /// The permission algorithm's id for a user snowflake.
    public init(_ snowflake: Snowflake) { self.init(UInt64(bitPattern: snowflake.rawValue)) }
    /// The snowflake this id stands for.
    public var snowflake: Snowflake { Snowflake(rawValue: Int64(bitPattern: rawValue)) }
}
