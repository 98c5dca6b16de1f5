import BeepPermissions
import BeepPlatformCore

/// A user's view of one channel: where it is, what it is, and what they hold in it.
public struct ChannelAccess: Sendable, Hashable {
    /// The channel.
    public var channelID: Snowflake
    /// Its server.
    public var serverID: Snowflake
    /// Text, voice or folder (messages live in text channels only).
    public var kind: PermissionChannelKind
    /// Its display name (for `#channel` tags).
    public var name: String
    /// Everything the user holds in it (VIEW_CHANNEL at least, or it would not be returned).
    public var permissions: Permissions

    /// An access from its parts.
    public init(channelID: Snowflake, serverID: Snowflake, kind: PermissionChannelKind, name: String,
                permissions: Permissions) {
        self.channelID = channelID
        self.serverID = serverID
        self.kind = kind
        self.name = name
        self.permissions = permissions
    }
}

/// What the messages service needs to know about servers, channels, members and users: the
/// communities service answers it (``CommunityMessageAccess``); tests may answer it directly.
///
/// Implementations throw ``MessageError`` `.notFound` for a channel the user cannot see (it does
/// not exist, they are not a member of its server, or they lack VIEW_CHANNEL): never
/// `.forbidden`, so nothing leaks about hidden channels.
public protocol MessageAccess: Sendable {
    /// `user`'s access to `channel`, which they can see.
    func access(user: UserID, channel: Snowflake) async throws -> ChannelAccess
    /// The channels of `server` that `user` can see (empty when they are not a member).
    func visibleChannels(user: UserID, server: Snowflake) async throws -> [ChannelAccess]
    /// The users who can see `channel` at this moment (the audience of its events).
    func viewers(channel: Snowflake) async throws -> Set<UserID>
    /// The ids of the users named `usernames` (compared case-insensitively), keyed by the
    /// lowercased username; unknown names are left out.
    func userIDs(usernames: [String]) async throws -> [String: UserID]
}

extension MessageAccess {
    /// Whether `user` can see `channel` now (a refusal is `false`, other failures are thrown).
    func canView(user: UserID, channel: Snowflake) async throws -> Bool {
        do {
            let access = try await access(user: user, channel: channel)
            return access.permissions.contains(.viewChannel)
        } catch let error as MessageError {
            if case .notFound = error.code { return false }
            throw error
        }
    }
}
