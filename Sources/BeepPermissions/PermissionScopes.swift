/// What kind of channel a permission question is about: it decides which implicit rules apply.
public enum PermissionChannelKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A text channel: messages.
    case text
    /// A voice channel: calls.
    case voice
    /// A folder grouping text and voice channels (its overwrites are its own: channels inside
    /// do not inherit them).
    case folder
}

/// The server side of a permission question: its owner, its @everyone role and its other roles.
public struct PermissionServer: Sendable, Hashable {
    /// The server's owner, who holds every permission.
    public var owner: MemberID
    /// The @everyone role every member holds; its id is the server's id.
    public var everyone: PermissionRole
    /// The server's other roles, by id.
    public var roles: [RoleID: PermissionRole]

    /// A server from its parts. A role in `roles` with @everyone's id is ignored (@everyone is
    /// `everyone`).
    public init(owner: MemberID, everyone: PermissionRole, roles: [PermissionRole]) {
        self.owner = owner
        self.everyone = everyone
        var byID: [RoleID: PermissionRole] = [:]
        for role in roles where role.id != everyone.id { byID[role.id] = role }
        self.roles = byID
    }
}

/// The member side of a permission question: who they are and which roles they hold.
public struct PermissionMember: Sendable, Hashable {
    /// The member's identifier.
    public var id: MemberID
    /// The roles they hold (@everyone is implied; ids the server does not have are ignored).
    public var roles: Set<RoleID>

    /// A member from its parts.
    public init(id: MemberID, roles: Set<RoleID>) {
        self.id = id
        self.roles = roles
    }
}

/// The channel side of a permission question: its kind and its overwrites.
public struct PermissionChannel: Sendable, Hashable {
    /// The channel's kind.
    public var kind: PermissionChannelKind
    /// Its overwrites (at most one per target is expected; several for one target are combined).
    public var overwrites: [PermissionOverwrite]

    /// A channel from its parts.
    public init(kind: PermissionChannelKind, overwrites: [PermissionOverwrite]) {
        self.kind = kind
        self.overwrites = overwrites
    }
}
