/// The one place Beep computes what a member may do. Every service asks it; none recomputes.
///
/// The algorithm is Discord's (developer documentation, Topics › Permissions, "Permission
/// Overwrites" and "Implicit Permissions"), written down step by step in `docs/permissions.md`:
///
/// 1. The server's owner holds every permission.
/// 2. Base: the @everyone role's permissions OR those of every role the member holds.
/// 3. ADMINISTRATOR in the base: every permission; channel overwrites do not apply.
/// 4. In a channel: the @everyone overwrite (deny, then allow); then the overwrites of all the
///    member's roles combined (deny all of them, then allow all of them); then the member's own
///    overwrite (deny, then allow).
/// 5. Implicit rules: without VIEW_CHANNEL nothing is held in the channel; in a text channel,
///    without SEND_MESSAGES neither MENTION_EVERYONE, ATTACH_FILES nor EMBED_LINKS; in a voice
///    channel, without CONNECT neither SPEAK, VIDEO nor STREAM.
///
/// Channels inherit nothing from the folder that holds them (no permission syncing): a folder's
/// overwrites decide only who sees and manages the folder itself.
public enum PermissionResolver {
    /// What `member` may do in `server`, or in `channel` of that server when one is given.
    /// Role ids the server does not have are ignored; bits Beep does not define are dropped.
    public static func effectivePermissions(
        of member: PermissionMember, in server: PermissionServer, channel: PermissionChannel? = nil
    ) -> Permissions {
        if member.id == server.owner { return .all }
        let base = basePermissions(of: member, in: server)
        if base.contains(.administrator) { return .all }
        guard let channel else { return base.known }
        let overwritten = applyOverwrites(channel.overwrites, to: base, of: member, in: server)
        return applyImplicitRules(to: overwritten, kind: channel.kind).known
    }

    /// Step 2: @everyone's permissions OR those of every role the member holds.
    static func basePermissions(of member: PermissionMember, in server: PermissionServer) -> Permissions {
        var base = server.everyone.permissions
        for roleID in member.roles {
            if let role = server.roles[roleID] { base.formUnion(role.permissions) }
        }
        return base
    }

    /// Step 4: the @everyone overwrite, then the member's roles' overwrites together, then the
    /// member's own overwrite.
    static func applyOverwrites(
        _ overwrites: [PermissionOverwrite], to base: Permissions, of member: PermissionMember,
        in server: PermissionServer
    ) -> Permissions {
        var everyone = (allow: Permissions(), deny: Permissions())
        var roles = (allow: Permissions(), deny: Permissions())
        var own = (allow: Permissions(), deny: Permissions())
        for overwrite in overwrites {
            switch overwrite.target {
            case .role(let roleID) where roleID == server.everyone.id:
                everyone.allow.formUnion(overwrite.allow)
                everyone.deny.formUnion(overwrite.deny)
            case .role(let roleID):
                guard member.roles.contains(roleID), server.roles[roleID] != nil else { continue }
                roles.allow.formUnion(overwrite.allow)
                roles.deny.formUnion(overwrite.deny)
            case .member(let memberID):
                guard memberID == member.id else { continue }
                own.allow.formUnion(overwrite.allow)
                own.deny.formUnion(overwrite.deny)
            }
        }
        var permissions = base
        for step in [everyone, roles, own] {
            permissions.subtract(step.deny)
            permissions.formUnion(step.allow)
        }
        return permissions
    }

    /// Step 5: the implicit rules that depend on the channel's kind.
    static func applyImplicitRules(to permissions: Permissions, kind: PermissionChannelKind) -> Permissions {
        guard permissions.contains(.viewChannel) else { return [] }
        var result = permissions
        switch kind {
        case .text:
            if !result.contains(.sendMessages) { result.subtract(.dependsOnSendMessages) }
        case .voice:
            if !result.contains(.connect) { result.subtract(.dependsOnConnect) }
        case .folder:
            break
        }
        return result
    }
}
