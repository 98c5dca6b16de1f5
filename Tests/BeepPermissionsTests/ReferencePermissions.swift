import BeepPermissions

/// A deliberately different, bit-by-bit reading of Discord's documented algorithm
/// (Topics › Permissions, "Permission Overwrites"), written without looking at the resolver:
/// for each permission on its own, walk the three overwrite stages and let each stage say
/// "allow", "deny" or nothing; the last stage that speaks decides. Within the roles stage an
/// allow from any role beats a deny from any role (deny all, then allow all).
enum ReferencePermissions {
    static let bits: [Permissions] = (0..<64).map { Permissions(rawValue: 1 << UInt64($0)) }.filter { Permissions.all.contains($0) }

    static func effective(
        memberID: MemberID, memberRoles: Set<RoleID>, ownerID: MemberID, everyone: PermissionRole,
        roles: [PermissionRole], kind: PermissionChannelKind?, overwrites: [PermissionOverwrite]
    ) -> Permissions {
        if memberID == ownerID { return .all }
        let serverRoleIDs = Set(roles.map(\.id)).subtracting([everyone.id])
        let heldRoles = roles.filter { memberRoles.contains($0.id) && $0.id != everyone.id }
        func inBase(_ bit: Permissions) -> Bool {
            everyone.permissions.contains(bit) || heldRoles.contains { $0.permissions.contains(bit) }
        }
        if inBase(.administrator) { return .all }
        var result = Permissions()
        for bit in bits {
            var has = inBase(bit)
            if kind != nil {
                // Stage 1: @everyone.
                let everyoneOverwrites = overwrites.filter { $0.target == .role(everyone.id) }
                if everyoneOverwrites.contains(where: { $0.allow.contains(bit) }) { has = true }
                else if everyoneOverwrites.contains(where: { $0.deny.contains(bit) }) { has = false }
                // Stage 2: the roles the member holds.
                let roleOverwrites = overwrites.filter {
                    if case .role(let id) = $0.target { return id != everyone.id && memberRoles.contains(id) && serverRoleIDs.contains(id) }
                    return false
                }
                if roleOverwrites.contains(where: { $0.allow.contains(bit) }) { has = true }
                else if roleOverwrites.contains(where: { $0.deny.contains(bit) }) { has = false }
                // Stage 3: the member.
                let own = overwrites.filter { $0.target == .member(memberID) }
                if own.contains(where: { $0.allow.contains(bit) }) { has = true }
                else if own.contains(where: { $0.deny.contains(bit) }) { has = false }
            }
            if has { result.insert(bit) }
        }
        guard let kind else { return result }
        if !result.contains(.viewChannel) { return [] }
        if kind == .text && !result.contains(.sendMessages) {
            result.remove(.mentionEveryone); result.remove(.attachFiles); result.remove(.embedLinks)
        }
        if kind == .voice && !result.contains(.connect) {
            result.remove(.speak); result.remove(.video); result.remove(.stream)
        }
        return result
    }

    /// Hierarchy, as plainly as it reads: the owner is above all, nobody above the owner,
    /// otherwise compare the largest positions of the roles held (0 for none).
    static func outranks(actor: MemberID, actorRoles: Set<RoleID>, target: MemberID, targetRoles: Set<RoleID>,
                         ownerID: MemberID, roles: [PermissionRole], everyone: PermissionRole) -> Bool {
        if actor == target || target == ownerID { return false }
        if actor == ownerID { return true }
        func top(_ held: Set<RoleID>) -> Int {
            roles.filter { held.contains($0.id) && $0.id != everyone.id }.map(\.position).max().map { max($0, everyone.position) }
                ?? everyone.position
        }
        return top(actorRoles) > top(targetRoles)
    }
}
