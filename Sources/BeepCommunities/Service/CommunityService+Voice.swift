import BeepPermissions
import BeepPlatformCore

/// What a member may do in a voice channel's call, for minting a call join token.
public struct VoiceChannelAccess: Sendable, Hashable {
    /// The server.
    public var serverID: Snowflake
    /// The voice channel.
    public var channelID: Snowflake
    /// The call room name for the channel (`voice-<channel id>`).
    public var room: String
    /// Everything the member holds in the channel.
    public var permissions: Permissions

    /// Join the call and receive the others (CONNECT).
    public var canConnect: Bool { permissions.contains(.connect) }
    /// Publish the microphone (SPEAK).
    public var canSpeak: Bool { permissions.contains(.speak) }
    /// Publish the camera (VIDEO).
    public var canVideo: Bool { permissions.contains(.video) }
    /// Share the screen (STREAM).
    public var canStream: Bool { permissions.contains(.stream) }
}

extension CommunityService {
    /// The actor's rights in a voice channel, for a call join token. `.notFound` when they cannot
    /// see it or it is not a voice channel; `.forbidden` without CONNECT.
    public func voiceAccess(actor: UserID, channel id: Snowflake) async throws -> VoiceChannelAccess {
        let (access, channel) = try await loadAccess(channel: id, actor: actor)
        guard channel.kind == .voice else { throw CommunityError.notFound("Voice channel") }
        let permissions = access.permissions(in: channel)
        guard permissions.contains(.connect) else { throw CommunityError.forbidden("You cannot join this voice channel.") }
        return VoiceChannelAccess(serverID: channel.serverID, channelID: id, room: "voice-\(id)", permissions: permissions)
    }
}
