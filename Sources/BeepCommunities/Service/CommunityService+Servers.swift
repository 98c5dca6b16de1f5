import BeepPermissions
import BeepPlatformCore
import Foundation

/// The fields of a server a request may change (`nil`: unchanged; `.some(nil)`: cleared).
public struct ServerChanges: Sendable, Hashable {
    /// New name.
    public var name: String?
    /// New description.
    public var description: String?
    /// New picture (`.some(nil)` removes it).
    public var pictureID: Snowflake??
    /// New banner (`.some(nil)` removes it).
    public var bannerID: Snowflake??
    /// New visibility.
    public var visibility: ServerVisibility?

    /// Changes from their parts.
    public init(name: String? = nil, description: String? = nil, pictureID: Snowflake?? = nil,
                bannerID: Snowflake?? = nil, visibility: ServerVisibility? = nil) {
        self.name = name
        self.description = description
        self.pictureID = pictureID
        self.bannerID = bannerID
        self.visibility = visibility
    }
}

extension CommunityService {
    /// Creates a server owned by `actor`, with an @everyone role holding
    /// ``Permissions/everyoneDefault``, a `general` text channel and a `General` voice channel.
    /// Refused with `.limitReached` past the caps on owned and joined servers.
    public func createServer(actor: UserID, name: String, description: String = "", visibility: ServerVisibility,
                             pictureID: Snowflake? = nil, bannerID: Snowflake? = nil) async throws -> CommunityServer {
        let name = try CommunityValidation.name(name, field: "name")
        let description = try CommunityValidation.text(description, field: "description")
        let now = clock()
        let server = CommunityServer(id: ids.next(now: now), ownerID: actor, name: name, description: description,
                                     pictureID: pictureID, bannerID: bannerID, visibility: visibility, createdAt: now)
        let everyone = CommunityRole(id: server.id, serverID: server.id, name: "@everyone", colour: 0, position: 0,
                                     permissions: .everyoneDefault)
        let channels = [
            CommunityChannel(id: ids.next(now: now), serverID: server.id, parentID: nil, kind: .text, name: "general",
                             topic: "", position: 0, overwrites: []),
            CommunityChannel(id: ids.next(now: now), serverID: server.id, parentID: nil, kind: .voice, name: "General",
                             topic: "", position: 1, overwrites: []),
        ]
        try await store.createServer(server, everyone: everyone, channels: channels, limits: limits)
        return server
    }

    /// The server, if `actor` may see it (public servers are visible to everyone).
    public func server(actor: UserID, id: Snowflake) async throws -> CommunityServer {
        guard let server = try await store.server(id) else { throw CommunityError.notFound("Server") }
        if server.visibility == .public { return server }
        guard try await store.member(server: id, user: actor) != nil else { throw CommunityError.notFound("Server") }
        return server
    }

    /// Changes a server's name, description, picture, banner or visibility (MANAGE_SERVER).
    public func updateServer(actor: UserID, id: Snowflake, changes: ServerChanges) async throws -> CommunityServer {
        let access = try await loadAccess(id, actor: actor)
        try access.require(.manageServer)
        var server = access.server
        if let name = changes.name { server.name = try CommunityValidation.name(name, field: "name") }
        if let description = changes.description {
            server.description = try CommunityValidation.text(description, field: "description")
        }
        if let pictureID = changes.pictureID { server.pictureID = pictureID }
        if let bannerID = changes.bannerID { server.bannerID = bannerID }
        if let visibility = changes.visibility { server.visibility = visibility }
        try await changing(id) { [server] in try await $0.updateServer(server) }
        return server
    }

    /// Deletes a server with everything in it (the owner only).
    public func deleteServer(actor: UserID, id: Snowflake) async throws {
        let access = try await loadAccess(id, actor: actor)
        guard access.isOwner else { throw CommunityError.forbidden("Only the owner can delete this server.") }
        try await changing(id) { try await $0.deleteServer(id) }
    }

    /// Public servers whose name or description contains `query` (case-insensitive), by id.
    public func discover(query: String, after: Snowflake? = nil, limit: Int? = nil) async throws -> [CommunityServer] {
        let query = try CommunityValidation.text(query, field: "q", limit: CommunityValidation.maxNameLength)
        return try await store.searchPublicServers(query: query, after: after, limit: Self.pageSize(limit))
    }

    /// The servers `actor` belongs to.
    public func servers(of actor: UserID) async throws -> [CommunityServer] {
        try await store.servers(of: actor)
    }

    /// Joins a public server (a private one answers `.notFound`: join it with an invite).
    public func join(actor: UserID, server id: Snowflake) async throws -> CommunityMember {
        guard let server = try await store.server(id), server.visibility == .public else {
            throw CommunityError.notFound("Server")
        }
        let request = MembershipRequest(serverID: id, userID: actor, joinedAt: clock(), inviteCode: nil,
                                        maxServersPerUser: limits.maxServersPerUser)
        return try await changing(id) { try await $0.addMember(request) }
    }

    /// Leaves a server. The owner cannot leave (transfer ownership or delete the server first).
    public func leave(actor: UserID, server id: Snowflake) async throws {
        let access = try await loadAccess(id, actor: actor)
        guard !access.isOwner else {
            throw CommunityError(.conflict, "The owner cannot leave; transfer ownership or delete the server.")
        }
        _ = try await changing(id, removal: .left) { try await $0.removeMember(server: id, user: actor) }
    }

    /// Makes `newOwner` (a member) the owner (the owner only).
    public func transferOwnership(actor: UserID, server id: Snowflake, to newOwner: UserID) async throws -> CommunityServer {
        let access = try await loadAccess(id, actor: actor)
        guard access.isOwner else { throw CommunityError.forbidden("Only the owner can transfer ownership.") }
        try await changing(id) { store in
            guard try await store.transferOwnership(server: id, from: actor, to: newOwner) else {
                throw CommunityError.invalid("userId", "The new owner must be a member of the server.")
            }
        }
        var server = access.server
        server.ownerID = newOwner
        return server
    }
}
