import BeepPlatformCore

/// The kinds of community events, named as on the events stream (docs/events.md, "Community events").
public enum CommunityEventType: String, Sendable, Hashable, CaseIterable {
    /// The server's name, description, pictures, visibility or owner changed.
    case serverUpdated = "server.updated"
    /// The server was deleted.
    case serverDeleted = "server.deleted"
    /// A channel was created.
    case channelCreated = "channel.created"
    /// A channel's name, topic or overwrites changed.
    case channelUpdated = "channel.updated"
    /// A channel's folder or position changed.
    case channelMoved = "channel.moved"
    /// A channel was deleted.
    case channelDeleted = "channel.deleted"
    /// The recipient can no longer see a channel (it still exists).
    case channelHidden = "channel.hidden"
    /// The recipient can now see a channel they could not see.
    case channelShown = "channel.shown"
    /// A user joined the server.
    case memberJoined = "member.joined"
    /// A member left the server.
    case memberLeft = "member.left"
    /// A member was kicked.
    case memberKicked = "member.kicked"
    /// A member was banned (and removed).
    case memberBanned = "member.banned"
    /// A member's roles changed.
    case memberUpdated = "member.updated"
    /// A role was created.
    case roleCreated = "role.created"
    /// A role's name, colour, permissions or position changed.
    case roleUpdated = "role.updated"
    /// A role was deleted.
    case roleDeleted = "role.deleted"
}

/// What a community event is about: the object after the change, or only its ids when it is gone.
public enum CommunityEventSubject: Sendable, Hashable {
    /// A server as it is now.
    case server(CommunityServer)
    /// A channel as it is now.
    case channel(CommunityChannel)
    /// A member as they are now.
    case member(CommunityMember)
    /// A role as it is now.
    case role(CommunityRole)
    /// A server that is gone.
    case serverRef(serverID: Snowflake)
    /// A channel that is gone or hidden.
    case channelRef(channelID: Snowflake, serverID: Snowflake)
    /// A user who is no longer a member.
    case memberRef(serverID: Snowflake, userID: UserID)
    /// A role that is gone.
    case roleRef(roleID: Snowflake, serverID: Snowflake)
}

/// One change of a server, its channels, members or roles, ready for the events stream.
public struct CommunityEvent: Sendable, Hashable {
    /// What happened.
    public var type: CommunityEventType
    /// What it happened to.
    public var subject: CommunityEventSubject
    /// Who receives it: the users who can see the subject after the change, and, for removals,
    /// those who could see it before.
    public var audience: Set<UserID>

    /// An event from its parts.
    public init(type: CommunityEventType, subject: CommunityEventSubject, audience: Set<UserID>) {
        self.type = type
        self.subject = subject
        self.audience = audience
    }
}

extension CommunityEventSubject {
    /// The server the subject belongs to.
    public var serverID: Snowflake {
        switch self {
        case .server(let server): server.id
        case .channel(let channel): channel.serverID
        case .member(let member): member.serverID
        case .role(let role): role.serverID
        case .serverRef(let serverID), .channelRef(_, let serverID), .memberRef(let serverID, _), .roleRef(_, let serverID):
            serverID
        }
    }
}

extension CommunityEvent {
    /// The ordering stream of the event across processes, `server:<id>` (docs/events.md,
    /// "Across processes"): a server's community events reach every client in one order.
    public var stream: String { "server:\(subject.serverID)" }
}
