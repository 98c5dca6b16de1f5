import BeepCommunities
import BeepPermissions
import BeepPlatformCore
import Foundation
import Hummingbird

/// Dates in responses: ISO 8601 with milliseconds, UTC (`2026-11-29T08:00:00.000Z`).
enum JSONDate {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// A server in responses.
public struct ServerJSON: Codable, Sendable, ResponseEncodable, Equatable {
    public var id: Snowflake
    public var ownerId: UserID
    public var name: String
    public var description: String
    public var pictureId: Snowflake?
    public var bannerId: Snowflake?
    public var visibility: ServerVisibility
    public var createdAt: String

    /// The response form of `server`.
    public init(_ server: CommunityServer) {
        id = server.id
        ownerId = server.ownerID
        name = server.name
        description = server.description
        pictureId = server.pictureID
        bannerId = server.bannerID
        visibility = server.visibility
        createdAt = JSONDate.string(server.createdAt)
    }
}

/// A permission overwrite in requests and responses: `type` is `role` or `member`.
public struct OverwriteJSON: Codable, Sendable, Equatable {
    public var type: String
    public var targetId: Snowflake
    public var allow: [String]
    public var deny: [String]

    /// The response form of `overwrite`.
    public init(_ overwrite: PermissionOverwrite) {
        switch overwrite.target {
        case .role(let id): type = "role"; targetId = id.snowflake
        case .member(let id): type = "member"; targetId = id.snowflake
        }
        allow = PermissionNames.names(of: overwrite.allow)
        deny = PermissionNames.names(of: overwrite.deny)
    }
}

/// A channel in responses.
public struct ChannelJSON: Codable, Sendable, ResponseEncodable, Equatable {
    public var id: Snowflake
    public var serverId: Snowflake
    public var parentId: Snowflake?
    public var kind: PermissionChannelKind
    public var name: String
    public var topic: String
    public var position: Int
    public var overwrites: [OverwriteJSON]

    /// The response form of `channel`.
    public init(_ channel: CommunityChannel) {
        id = channel.id
        serverId = channel.serverID
        parentId = channel.parentID
        kind = channel.kind
        name = channel.name
        topic = channel.topic
        position = channel.position
        overwrites = channel.overwrites.map(OverwriteJSON.init)
    }
}

/// A role in responses; `permissions` are API names (`docs/permissions.md`).
public struct RoleJSON: Codable, Sendable, ResponseEncodable, Equatable {
    public var id: Snowflake
    public var serverId: Snowflake
    public var name: String
    public var colour: Int
    public var position: Int
    public var permissions: [String]
    public var isEveryone: Bool

    /// The response form of `role`.
    public init(_ role: CommunityRole) {
        id = role.id
        serverId = role.serverID
        name = role.name
        colour = role.colour
        position = role.position
        permissions = PermissionNames.names(of: role.permissions)
        isEveryone = role.isEveryone
    }
}

/// A member in responses.
public struct MemberJSON: Codable, Sendable, ResponseEncodable, Equatable {
    public var serverId: Snowflake
    public var userId: UserID
    public var roleIds: [Snowflake]
    public var joinedAt: String
    /// Whether the member is online now (false when no presence source is wired).
    public var online: Bool

    /// The response form of `member`.
    public init(_ member: CommunityMember, online: Bool = false) {
        serverId = member.serverID
        userId = member.userID
        roleIds = member.roleIDs.sorted()
        joinedAt = JSONDate.string(member.joinedAt)
        self.online = online
    }
}

/// An invite in responses.
public struct InviteJSON: Codable, Sendable, ResponseEncodable, Equatable {
    public var code: String
    public var serverId: Snowflake
    public var creatorId: UserID
    public var createdAt: String
    public var expiresAt: String?
    public var maxUses: Int?
    public var uses: Int
    public var revoked: Bool

    /// The response form of `invite`.
    public init(_ invite: CommunityInvite) {
        code = invite.code
        serverId = invite.serverID
        creatorId = invite.creatorID
        createdAt = JSONDate.string(invite.createdAt)
        expiresAt = invite.expiresAt.map(JSONDate.string)
        maxUses = invite.maxUses
        uses = invite.uses
        revoked = invite.revoked
    }
}

/// `GET /invites/{code}`: the invite and a preview of its server.
public struct InvitePreviewJSON: Codable, Sendable, ResponseEncodable, Equatable {
    public var invite: InviteJSON
    public var server: ServerJSON
}

/// A ban in responses.
public struct BanJSON: Codable, Sendable, ResponseEncodable, Equatable {
    public var serverId: Snowflake
    public var userId: UserID
    public var bannedBy: UserID
    public var reason: String
    public var createdAt: String

    /// The response form of `ban`.
    public init(_ ban: CommunityBan) {
        serverId = ban.serverID
        userId = ban.userID
        bannedBy = ban.bannedBy
        reason = ban.reason
        createdAt = JSONDate.string(ban.createdAt)
    }
}

/// A list that is not paged (roles, channels, bans, invites, the user's servers).
public struct ListJSON<T: Codable & Sendable>: Codable, Sendable, ResponseEncodable {
    public var items: [T]
}

/// `GET /channels/{id}/permissions`.
public struct PermissionsJSON: Codable, Sendable, ResponseEncodable, Equatable {
    public var permissions: [String]
}

extension VoiceTokenJSON: ResponseEncodable {}

/// `GET /channels/{id}/voice-access`.
public struct VoiceAccessJSON: Codable, Sendable, ResponseEncodable, Equatable {
    public var serverId: Snowflake
    public var channelId: Snowflake
    public var room: String
    public var permissions: [String]
}
