import BeepPermissions
import BeepPlatformCore
import Foundation

/// The fields of a role a request may change (`nil`: unchanged).
public struct RoleChanges: Sendable, Hashable {
    /// New name (not for @everyone).
    public var name: String?
    /// New colour (0xRRGGBB).
    public var colour: Int?
    /// New permissions.
    public var permissions: Permissions?

    /// Changes from their parts.
    public init(name: String? = nil, colour: Int? = nil, permissions: Permissions? = nil) {
        self.name = name
        self.colour = colour
        self.permissions = permissions
    }
}

extension CommunityService {
    /// The server's roles, @everyone first then by position (any member).
    public func roles(actor: UserID, server id: Snowflake) async throws -> [CommunityRole] {
        try await loadAccess(id, actor: actor).roles
    }

    /// Creates a role just above @everyone, moving the others up (MANAGE_ROLES and a role above
    /// @everyone; only permissions the actor holds).
    public func createRole(actor: UserID, server id: Snowflake, name: String, colour: Int = 0,
                           permissions: Permissions = []) async throws -> CommunityRole {
        let access = try await loadAccess(id, actor: actor)
        try access.require(.manageRoles)
        let name = try CommunityValidation.name(name, field: "name")
        let colour = try CommunityValidation.colour(colour)
        guard access.permissionServer.canGrant(access.actor, permissions) else {
            throw CommunityError.forbidden("A role can only grant permissions you hold.")
        }
        let role = CommunityRole(id: ids.next(now: clock()), serverID: id, name: name, colour: colour, position: 1,
                                 permissions: permissions.known)
        // The new role goes to position 1 and every other role moves up one, so the actor's own
        // highest role ends above it whenever the actor holds any role (or is the owner).
        guard access.isOwner || access.permissionServer.highestPosition(of: access.actor) >= 1 else {
            throw CommunityError.forbidden("You need a role above @everyone to create roles.")
        }
        let maxRoles = limits.maxRolesPerServer
        try await changing(id) { try await $0.createRole(role, maxRoles: maxRoles) }
        return role
    }

    /// Changes a role's name, colour or permissions (MANAGE_ROLES, role strictly below the
    /// actor's highest; permissions added must be held by the actor).
    public func updateRole(actor: UserID, server id: Snowflake, role roleID: Snowflake, changes: RoleChanges)
        async throws -> CommunityRole
    {
        let access = try await loadAccess(id, actor: actor)
        var role = try access.role(roleID)
        guard access.permissionServer.canManageRole(access.actor, role.permissionRole) else {
            throw CommunityError.forbidden("You can only edit roles below your highest role.")
        }
        if let name = changes.name {
            guard !role.isEveryone else { throw CommunityError.invalid("name", "@everyone cannot be renamed.") }
            role.name = try CommunityValidation.name(name, field: "name")
        }
        if let colour = changes.colour { role.colour = try CommunityValidation.colour(colour) }
        if let permissions = changes.permissions {
            let added = permissions.known.subtracting(role.permissions)
            guard access.permissionServer.canGrant(access.actor, added) else {
                throw CommunityError.forbidden("A role can only grant permissions you hold.")
            }
            role.permissions = permissions.known
        }
        try await changing(id) { [role] in try await $0.updateRole(role) }
        return role
    }

    /// Moves a role to `position` (1 is just above @everyone), strictly below the actor's highest role.
    public func moveRole(actor: UserID, server id: Snowflake, role roleID: Snowflake, to position: Int)
        async throws -> [CommunityRole]
    {
        let access = try await loadAccess(id, actor: actor)
        let role = try access.role(roleID)
        guard !role.isEveryone else { throw CommunityError.invalid("position", "@everyone always sits at position 0.") }
        let position = try CommunityValidation.position(position)
        guard position >= 1 else { throw CommunityError.invalid("position", "position must be 1 or more.") }
        let server = access.permissionServer
        guard server.canManageRole(access.actor, role.permissionRole), server.canPlaceRole(access.actor, at: position) else {
            throw CommunityError.forbidden("You can only move roles below your highest role, to below it.")
        }
        let positions = RoleLayout.move(roleID, to: position, in: access.roles)
        return try await changing(id) { store in
            try await store.setRolePositions(server: id, positions)
            return try await store.roles(server: id)
        }
    }

    /// Deletes a role (not @everyone) strictly below the actor's highest role; the others close the gap.
    public func deleteRole(actor: UserID, server id: Snowflake, role roleID: Snowflake) async throws {
        let access = try await loadAccess(id, actor: actor)
        let role = try access.role(roleID)
        guard !role.isEveryone else { throw CommunityError.invalid("roleId", "@everyone cannot be deleted.") }
        guard access.permissionServer.canManageRole(access.actor, role.permissionRole) else {
            throw CommunityError.forbidden("You can only delete roles below your highest role.")
        }
        let positions = RoleLayout.compacted(access.roles.filter { $0.id != roleID })
        try await changing(id) { store in
            try await store.deleteRole(server: id, role: roleID)
            try await store.setRolePositions(server: id, positions)
        }
    }

    /// Gives `user` (a member) a role strictly below the actor's highest (MANAGE_ROLES).
    public func assignRole(actor: UserID, server id: Snowflake, user: UserID, role roleID: Snowflake) async throws {
        let access = try await loadAccess(id, actor: actor)
        let role = try access.role(roleID)
        guard !role.isEveryone else { throw CommunityError.invalid("roleId", "Everyone already holds @everyone.") }
        guard access.permissionServer.canManageRole(access.actor, role.permissionRole) else {
            throw CommunityError.forbidden("You can only assign roles below your highest role.")
        }
        guard try await store.member(server: id, user: user) != nil else { throw CommunityError.notFound("Member") }
        try await changing(id) { try await $0.assignRole(server: id, user: user, role: roleID) }
    }

    /// Takes a role from `user` (same rules as ``assignRole(actor:server:user:role:)``).
    public func unassignRole(actor: UserID, server id: Snowflake, user: UserID, role roleID: Snowflake) async throws {
        let access = try await loadAccess(id, actor: actor)
        let role = try access.role(roleID)
        guard !role.isEveryone else { throw CommunityError.invalid("roleId", "@everyone cannot be taken away.") }
        guard access.permissionServer.canManageRole(access.actor, role.permissionRole) else {
            throw CommunityError.forbidden("You can only unassign roles below your highest role.")
        }
        try await changing(id) { store in
            guard try await store.unassignRole(server: id, user: user, role: roleID) else {
                throw CommunityError.notFound("Member role")
            }
        }
    }
}
