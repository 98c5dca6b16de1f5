import BeepCalls
import BeepCommunities
import BeepPermissions
import BeepPlatformCore
import Foundation

/// Mints call join tokens (`BeepCalls.JoinTokenIssuer`) for voice channels: only for members
/// holding CONNECT there, and with exactly the publishing rights their permissions give.
public struct VoiceTokenMinter: Sendable {
    /// Signs the tokens.
    public let issuer: JoinTokenIssuer
    /// Token lifetime in seconds.
    public let lifetime: TimeInterval
    /// The display name shown in calls (nil: the user id).
    public let displayName: @Sendable (UserID) async -> String?

    /// A minter signing with `issuer`.
    public init(issuer: JoinTokenIssuer, lifetime: TimeInterval = JoinTokenIssuer.defaultLifetime,
                displayName: @escaping @Sendable (UserID) async -> String? = { _ in nil }) {
        self.issuer = issuer
        self.lifetime = lifetime
        self.displayName = displayName
    }

    /// The call permissions a voice channel's permissions grant: CONNECT → subscribe,
    /// SPEAK → publish audio, VIDEO → publish video, STREAM → publish screen.
    public static func callPermissions(_ permissions: Permissions) -> Set<CallPermission> {
        var granted: Set<CallPermission> = []
        guard permissions.contains(.connect) else { return granted }
        granted.insert(.subscribe)
        if permissions.contains(.speak) { granted.insert(.publishAudio) }
        if permissions.contains(.video) { granted.insert(.publishVideo) }
        if permissions.contains(.stream) { granted.insert(.publishScreen) }
        return granted
    }

    /// A token for `user` in the call of `access`'s channel, issued at `now`.
    public func mint(for user: UserID, access: VoiceChannelAccess, now: Date) async throws -> VoiceTokenJSON {
        let name = await displayName(user) ?? user.description
        let token = try await issuer.issue(room: access.room, identity: user.description, name: String(name.prefix(64)),
                                           permissions: Self.callPermissions(access.permissions), issuedAt: now,
                                           lifetime: lifetime)
        let issued = now.timeIntervalSince1970.rounded(.down)
        return VoiceTokenJSON(token: token, room: access.room,
                              expiresAt: JSONDate.string(Date(timeIntervalSince1970: issued + lifetime.rounded(.down))),
                              permissions: Self.callPermissions(access.permissions).sorted().map(\.rawValue))
    }
}

/// `POST /channels/{id}/voice-token`: a call join token for the channel's room.
public struct VoiceTokenJSON: Codable, Sendable, Equatable {
    public var token: String
    public var room: String
    public var expiresAt: String
    public var permissions: [String]
}
