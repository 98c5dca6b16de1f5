/// Who may act on whom (Discord, Topics › Permissions, "Permission Hierarchy"): a member acts
/// on another member or on a role only from strictly above it. The owner is above everyone;
/// nobody is above the owner. Equal highest positions are not above each other.
extension PermissionServer {
    /// The position of the member's highest role (0, @everyone's, when they hold none);
    /// `Int.max` for the owner.
    public func highestPosition(of member: PermissionMember) -> Int {
        if member.id == owner { return Int.max }
        var highest = everyone.position
        for roleID in member.roles {
            if let role = roles[roleID], role.position > highest { highest = role.position }
        }
        return highest
    }

    /// Whether `actor` ranks strictly above `target` (the owner above all; nobody above the owner).
    public func outranks(_ actor: PermissionMember, _ target: PermissionMember) -> Bool {
        if target.id == owner || actor.id == target.id { return false }
        if actor.id == owner { return true }
        return highestPosition(of: actor) > highestPosition(of: target)
    }

    /// Whether `actor` may kick (`.kickMembers`) or ban (`.banMembers`) `target`: they hold the
    /// permission server-wide and rank strictly above the target.
    public func canModerate(_ actor: PermissionMember, _ target: PermissionMember, with permission: Permissions) -> Bool {
        guard outranks(actor, target) else { return false }
        return PermissionResolver.effectivePermissions(of: actor, in: self).isSuperset(of: permission)
    }

    /// Whether `actor` may edit, delete, assign or unassign `role`: they hold MANAGE_ROLES and
    /// their highest role sits strictly above it (the owner may manage every role).
    public func canManageRole(_ actor: PermissionMember, _ role: PermissionRole) -> Bool {
        if actor.id == owner { return true }
        guard PermissionResolver.effectivePermissions(of: actor, in: self).contains(.manageRoles) else { return false }
        return highestPosition(of: actor) > role.position
    }

    /// Whether `actor` may place a role at `position`: strictly below their own highest role
    /// (any position above @everyone's for the owner).
    public func canPlaceRole(_ actor: PermissionMember, at position: Int) -> Bool {
        guard position > everyone.position else { return false }
        return highestPosition(of: actor) > position
    }

    /// Whether `actor` may put `permissions` into a role or an overwrite: only permissions they
    /// hold themselves server-wide (the owner and administrators hold all).
    public func canGrant(_ actor: PermissionMember, _ permissions: Permissions) -> Bool {
        PermissionResolver.effectivePermissions(of: actor, in: self).isSuperset(of: permissions.known)
    }
}
