import BeepPermissions
import BeepPlatformCore

/// A channel of a server: text, voice, or a folder grouping text and voice channels.
public struct CommunityChannel: Sendable, Hashable {
    /// The channel's id.
    public var id: Snowflake
    /// The server it belongs to.
    public var serverID: Snowflake
    /// The folder holding it (text and voice channels only; folders sit at the top level).
    public var parentID: Snowflake?
    /// Text, voice or folder.
    public var kind: PermissionChannelKind
    /// Display name (1...100 characters).
    public var name: String
    /// Free text under the name (0...1000 characters).
    public var topic: String
    /// Order among its siblings (same parent), from 0.
    public var position: Int
    /// Its permission overwrites (at most one per role and per member).
    public var overwrites: [PermissionOverwrite]

    /// A channel from its parts.
    public init(id: Snowflake, serverID: Snowflake, parentID: Snowflake?, kind: PermissionChannelKind, name: String,
                topic: String, position: Int, overwrites: [PermissionOverwrite]) {
        self.id = id
        self.serverID = serverID
        self.parentID = parentID
        self.kind = kind
        self.name = name
        self.topic = topic
        self.position = position
        self.overwrites = overwrites
    }

    /// The channel as the permission algorithm sees it.
    public var permissionChannel: PermissionChannel { PermissionChannel(kind: kind, overwrites: overwrites) }
}
