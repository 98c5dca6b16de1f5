import BeepCommunities
import BeepEvents
import BeepEventsOutbox
import BeepPlatformCore

/// The bodies of community events on the stream (docs/events.md, "Community events"): the same
/// JSON as the HTTP API's for objects that exist, ids only for those gone or hidden.
extension CommunityEvent {
    /// The event as published: `type` and its body, encoded once.
    public func published() throws -> PublishedEvent {
        switch subject {
        case .server(let server): try PublishedEvent(type: type.rawValue, data: ServerJSON(server))
        case .channel(let channel): try PublishedEvent(type: type.rawValue, data: ChannelJSON(channel))
        case .member(let member): try PublishedEvent(type: type.rawValue, data: MemberJSON(member))
        case .role(let role): try PublishedEvent(type: type.rawValue, data: RoleJSON(role))
        case .serverRef(let server): try PublishedEvent(type: type.rawValue, data: ServerRefJSON(serverId: server))
        case .channelRef(let channel, let server):
            try PublishedEvent(type: type.rawValue, data: ObjectRefJSON(id: channel, serverId: server))
        case .roleRef(let role, let server):
            try PublishedEvent(type: type.rawValue, data: ObjectRefJSON(id: role, serverId: server))
        case .memberRef(let server, let user):
            try PublishedEvent(type: type.rawValue, data: MemberRefJSON(serverId: server, userId: user))
        }
    }
}

/// `server.deleted`'s body.
public struct ServerRefJSON: Codable, Sendable, Hashable {
    /// The server.
    public var serverId: Snowflake
}

/// The body of `channel.deleted`, `channel.hidden` and `role.deleted`: the object's id and server.
public struct ObjectRefJSON: Codable, Sendable, Hashable {
    /// The channel or role.
    public var id: Snowflake
    /// Its server.
    public var serverId: Snowflake
}

/// The body of `member.left`, `member.kicked` and `member.banned`.
public struct MemberRefJSON: Codable, Sendable, Hashable {
    /// The server.
    public var serverId: Snowflake
    /// The user no longer a member.
    public var userId: UserID
}

extension CommunityEvent {
    /// The event as the events outbox and gateway take it: its body, the audience's user ids and
    /// its server's stream (``CommunityEvent/stream``).
    public func staged() throws -> StagedEvent {
        StagedEvent(event: try published(), audience: Set(audience.map(\.description)), stream: stream)
    }
}
