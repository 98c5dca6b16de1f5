import BeepPermissions
import BeepPlatformCore
import Foundation

/// What a seed run created.
public struct CommunitySeedReport: Sendable {
    /// Servers created, by name.
    public var servers: [String: Snowflake] = [:]
    /// Servers skipped because their owner already had a server of that name.
    public var skipped: [String] = []
    /// Invite codes created, by server name.
    public var invites: [String: [String]] = [:]
}

/// Applies a ``CommunitySeed`` through ``CommunityService`` (so every step passes the same
/// permission checks as the API). Safe to run again: a server whose owner already owns one with
/// the same name is skipped.
public enum CommunitySeeder {
    /// Creates the seed's servers. `users` maps every username the seed mentions to its user id
    /// (the users service creates the accounts first).
    public static func apply(_ seed: CommunitySeed, service: CommunityService, users: [String: UserID])
        async throws -> CommunitySeedReport
    {
        func user(_ name: String) throws -> UserID {
            guard let id = users[name] else { throw CommunityError(.invalid(field: "users"), "Unknown seed user \(name).") }
            return id
        }
        var report = CommunitySeedReport()
        for entry in seed.servers {
            let owner = try user(entry.owner)
            let existing = try await service.servers(of: owner)
            if existing.contains(where: { $0.name == entry.name && $0.ownerID == owner }) {
                report.skipped.append(entry.name)
                continue
            }
            let server = try await service.createServer(actor: owner, name: entry.name, description: entry.description ?? "",
                                                        visibility: entry.visibility)
            report.servers[entry.name] = server.id
            for member in entry.members ?? [] {
                let id = try user(member)
                if entry.visibility == .public {
                    _ = try await service.join(actor: id, server: server.id)
                } else {
                    let invite = try await service.createInvite(actor: owner, server: server.id, maxUses: 1)
                    _ = try await service.acceptInvite(actor: id, code: invite.code)
                }
            }
            var roles: [String: Snowflake] = ["@everyone": server.id]
            for role in entry.roles ?? [] {
                let permissions = try permissionSet(role.permissions ?? [])
                let created = try await service.createRole(actor: owner, server: server.id, name: role.name,
                                                           colour: role.colour ?? 0, permissions: permissions)
                roles[role.name] = created.id
                for member in role.members ?? [] {
                    try await service.assignRole(actor: owner, server: server.id, user: try user(member), role: created.id)
                }
            }
            for channel in entry.channels ?? [] {
                try await createChannel(channel, parent: nil, server: server.id, owner: owner, roles: roles, users: users,
                                        service: service)
            }
            for invite in entry.invites ?? [] {
                let created = try await service.createInvite(actor: owner, server: server.id, maxAge: invite.maxAgeSeconds,
                                                             maxUses: invite.maxUses)
                report.invites[entry.name, default: []].append(created.code)
            }
        }
        return report
    }

    static func createChannel(_ channel: CommunitySeed.Channel, parent: Snowflake?, server: Snowflake, owner: UserID,
                              roles: [String: Snowflake], users: [String: UserID], service: CommunityService) async throws {
        let created = try await service.createChannel(actor: owner, server: server, kind: channel.kind, name: channel.name,
                                                      topic: channel.topic ?? "", parentID: parent)
        for overwrite in channel.overwrites ?? [] {
            let target: PermissionOverwrite.Target
            if let role = overwrite.role {
                guard let id = roles[role] else {
                    throw CommunityError(.invalid(field: "overwrites.role"), "Unknown seed role \(role).")
                }
                target = .role(RoleID(id))
            } else if let member = overwrite.member {
                guard let id = users[member] else {
                    throw CommunityError(.invalid(field: "overwrites.member"), "Unknown seed user \(member).")
                }
                target = .member(MemberID(id))
            } else {
                throw CommunityError(.invalid(field: "overwrites"), "An overwrite needs a role or a member.")
            }
            _ = try await service.setOverwrite(actor: owner, channel: created.id, PermissionOverwrite(
                target: target, allow: try permissionSet(overwrite.allow ?? []), deny: try permissionSet(overwrite.deny ?? [])))
        }
        for child in channel.children ?? [] {
            try await createChannel(child, parent: created.id, server: server, owner: owner, roles: roles, users: users,
                                    service: service)
        }
    }

    static func permissionSet(_ names: [String]) throws -> Permissions {
        var set = Permissions()
        for name in names {
            guard let permission = PermissionNames.permission(named: name) else {
                throw CommunityError(.invalid(field: "permissions"), "Unknown permission \(name).")
            }
            set.insert(permission)
        }
        return set
    }
}
