import BeepCommunities
import BeepPermissions
import BeepPlatformCore
import Foundation

/// A JSON field that may be absent (unchanged), `null` (cleared) or a value.
public enum Patch<T: Decodable & Sendable>: Sendable {
    /// The key was not sent: leave the value unchanged.
    case absent
    /// The key was sent as `null`: clear the value.
    case null
    /// The key was sent with a value.
    case value(T)

    /// `nil` when absent; `.some(nil)` when null; `.some(value)` otherwise.
    var change: T?? {
        switch self {
        case .absent: nil
        case .null: .some(nil)
        case .value(let value): .some(value)
        }
    }
}

extension KeyedDecodingContainer {
    func decodePatch<T: Decodable & Sendable>(_ type: T.Type, forKey key: Key) throws -> Patch<T> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(T.self, forKey: key))
    }
}

/// Permission names to a set; an unknown name is a 400 on `field`.
func permissions(named names: [String], field: String) throws -> Permissions {
    var set = Permissions()
    for (index, name) in names.enumerated() {
        guard let permission = PermissionNames.permission(named: name) else {
            throw CommunityError(.invalid(field: "\(field).\(index)"), "Unknown permission \"\(name.prefix(40))\".")
        }
        set.insert(permission)
    }
    return set
}

/// `POST /servers`.
struct CreateServerRequest: Decodable, Sendable {
    var name: String
    var description: String?
    var visibility: ServerVisibility
    var pictureId: Snowflake?
    var bannerId: Snowflake?
}

/// `PATCH /servers/{id}`.
struct UpdateServerRequest: Decodable, Sendable {
    var name: String?
    var description: String?
    var visibility: ServerVisibility?
    var pictureId: Patch<Snowflake>
    var bannerId: Patch<Snowflake>

    enum CodingKeys: String, CodingKey { case name, description, visibility, pictureId, bannerId }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        visibility = try container.decodeIfPresent(ServerVisibility.self, forKey: .visibility)
        pictureId = try container.decodePatch(Snowflake.self, forKey: .pictureId)
        bannerId = try container.decodePatch(Snowflake.self, forKey: .bannerId)
    }
}

/// `POST /servers/{id}/transfer`.
struct TransferRequest: Decodable, Sendable {
    var userId: UserID
}

/// `POST /servers/{id}/roles`.
struct CreateRoleRequest: Decodable, Sendable {
    var name: String
    var colour: Int?
    var permissions: [String]?
}

/// `PATCH /servers/{id}/roles/{roleId}`.
struct UpdateRoleRequest: Decodable, Sendable {
    var name: String?
    var colour: Int?
    var permissions: [String]?
    var position: Int?
}

/// `POST /servers/{id}/channels`.
struct CreateChannelRequest: Decodable, Sendable {
    var name: String
    var kind: PermissionChannelKind
    var topic: String?
    var parentId: Snowflake?
    var `private`: Bool?
}

/// `PATCH /channels/{id}`: rename, change the topic, or move (`position`, with `parentId`
/// absent: same folder; `null`: top level).
struct UpdateChannelRequest: Decodable, Sendable {
    var name: String?
    var topic: String?
    var position: Int?
    var parentId: Patch<Snowflake>

    enum CodingKeys: String, CodingKey { case name, topic, position, parentId }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        topic = try container.decodeIfPresent(String.self, forKey: .topic)
        position = try container.decodeIfPresent(Int.self, forKey: .position)
        parentId = try container.decodePatch(Snowflake.self, forKey: .parentId)
    }
}

/// `PUT /channels/{id}/overwrites/{type}/{targetId}`.
struct OverwriteRequest: Decodable, Sendable {
    var allow: [String]?
    var deny: [String]?
}

/// `POST /servers/{id}/invites`.
struct CreateInviteRequest: Decodable, Sendable {
    var maxAge: Int?
    var maxUses: Int?

    init(maxAge: Int? = nil, maxUses: Int? = nil) {
        self.maxAge = maxAge
        self.maxUses = maxUses
    }
}

/// `PUT /servers/{id}/bans/{userId}`.
struct BanRequest: Decodable, Sendable {
    var reason: String?
}
