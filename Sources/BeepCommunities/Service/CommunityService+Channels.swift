import BeepPermissions
import BeepPlatformCore
import Foundation

extension CommunityService {
    /// The channels of the server the actor can see (VIEW_CHANNEL in each), in display order.
    /// A channel inside a folder the actor cannot see is still listed (no inheritance).
    public func channels(actor: UserID, server id: Snowflake) async throws -> [CommunityChannel] {
        let access = try await loadAccess(id, actor: actor)
        let visible = try await store.channels(server: id).filter { access.permissions(in: $0).contains(.viewChannel) }
        return ChannelLayout.ordered(visible)
    }

    /// One channel, if the actor can see it.
    public func channel(actor: UserID, id: Snowflake) async throws -> CommunityChannel {
        try await loadAccess(channel: id, actor: actor).1
    }

    /// What the actor holds in a channel they can see.
    public func permissions(actor: UserID, channel id: Snowflake) async throws -> Permissions {
        let (access, channel) = try await loadAccess(channel: id, actor: actor)
        return access.permissions(in: channel)
    }

    /// Creates a channel at the end of its folder (or of the top level): MANAGE_CHANNELS in the
    /// server, or in the folder when one is given. `isPrivate` adds overwrites that hide it from
    /// @everyone and show it to the actor.
    public func createChannel(actor: UserID, server id: Snowflake, kind: PermissionChannelKind, name: String,
                              topic: String = "", parentID: Snowflake? = nil, isPrivate: Bool = false)
        async throws -> CommunityChannel
    {
        let access = try await loadAccess(id, actor: actor)
        let name = try CommunityValidation.name(name, field: "name")
        let topic = try CommunityValidation.text(topic, field: "topic")
        let existing = try await store.channels(server: id)
        var parent: CommunityChannel?
        if let parentID {
            parent = existing.first { $0.id == parentID }
            guard let found = parent, access.permissions(in: found).contains(.viewChannel) else {
                throw CommunityError.invalid("parentId", "parentId must name a folder of this server.")
            }
            try ChannelLayout.checkParent(kind: kind, parent: found, serverID: id)
        }
        try access.require(.manageChannels, in: parent)
        var overwrites: [PermissionOverwrite] = []
        if isPrivate {
            overwrites = [PermissionOverwrite(target: .role(RoleID(id)), deny: .viewChannel),
                          PermissionOverwrite(target: .member(MemberID(actor)), allow: .viewChannel)]
        }
        let channel = CommunityChannel(id: ids.next(now: clock()), serverID: id, parentID: parentID, kind: kind,
                                       name: name, topic: topic,
                                       position: ChannelLayout.nextPosition(in: existing, parentID: parentID),
                                       overwrites: overwrites)
        let maxChannels = limits.maxChannelsPerServer
        try await changing(id) { try await $0.createChannel(channel, maxChannels: maxChannels) }
        return channel
    }

    /// Renames a channel or changes its topic (MANAGE_CHANNELS in it).
    public func updateChannel(actor: UserID, id: Snowflake, name: String?, topic: String?) async throws -> CommunityChannel {
        let (access, original) = try await loadAccess(channel: id, actor: actor)
        try access.require(.manageChannels, in: original)
        var channel = original
        if let name { channel.name = try CommunityValidation.name(name, field: "name") }
        if let topic { channel.topic = try CommunityValidation.text(topic, field: "topic") }
        try await changing(channel.serverID) { [channel] in try await $0.updateChannel(channel) }
        return channel
    }

    /// Moves a channel into `parentID` (nil: top level) at `position` among its new siblings
    /// (MANAGE_CHANNELS in the channel and in the destination folder).
    public func moveChannel(actor: UserID, id: Snowflake, parentID: Snowflake?, position: Int)
        async throws -> [CommunityChannel]
    {
        let (access, channel) = try await loadAccess(channel: id, actor: actor)
        try access.require(.manageChannels, in: channel)
        let position = try CommunityValidation.position(position)
        let all = try await store.channels(server: channel.serverID)
        var parent: CommunityChannel?
        if let parentID {
            parent = all.first { $0.id == parentID }
            guard let found = parent, access.permissions(in: found).contains(.viewChannel) else {
                throw CommunityError.invalid("parentId", "parentId must name a folder of this server.")
            }
            try ChannelLayout.checkParent(kind: channel.kind, parent: found, serverID: channel.serverID)
            try access.require(.manageChannels, in: found)
        }
        let placements = ChannelLayout.move(id, to: parentID, index: position, in: all)
        try await changing(channel.serverID) { try await $0.setChannelPlacements(server: channel.serverID, placements) }
        return try await channels(actor: actor, server: channel.serverID)
    }

    /// Deletes a channel (a folder with its channels): MANAGE_CHANNELS in it.
    public func deleteChannel(actor: UserID, id: Snowflake) async throws {
        let (access, channel) = try await loadAccess(channel: id, actor: actor)
        try access.require(.manageChannels, in: channel)
        try await changing(channel.serverID) { store in
            try await store.deleteChannel(id)
            let remaining = try await store.channels(server: channel.serverID)
            let siblings = remaining.filter { $0.parentID == channel.parentID }
                .sorted { ($0.position, $0.id) < ($1.position, $1.id) }
            var placements: [ChannelPlacement] = []
            for (position, sibling) in siblings.enumerated() where sibling.position != position {
                placements.append(ChannelPlacement(id: sibling.id, parentID: sibling.parentID, position: position))
            }
            try await store.setChannelPlacements(server: channel.serverID, placements)
        }
    }

    /// Creates or replaces a channel's overwrite for a role of the server or a member
    /// (MANAGE_CHANNELS and MANAGE_ROLES in the channel; only bits the actor holds there).
    public func setOverwrite(actor: UserID, channel id: Snowflake, _ overwrite: PermissionOverwrite)
        async throws -> CommunityChannel
    {
        let (access, channel) = try await loadAccess(channel: id, actor: actor)
        let held = access.permissions(in: channel)
        guard held.isSuperset(of: [.manageChannels, .manageRoles]) else { throw CommunityError.forbidden() }
        guard held.isSuperset(of: overwrite.allow.known.union(overwrite.deny.known)) else {
            throw CommunityError.forbidden("An overwrite can only allow or deny permissions you hold in this channel.")
        }
        switch overwrite.target {
        case .role(let role):
            guard access.roles.contains(where: { $0.id == role.snowflake }) else {
                throw CommunityError.invalid("targetId", "targetId must name a role of this server.")
            }
        case .member(let member):
            guard try await store.member(server: channel.serverID, user: member.snowflake) != nil else {
                throw CommunityError.invalid("targetId", "targetId must name a member of this server.")
            }
        }
        let clean = PermissionOverwrite(target: overwrite.target, allow: overwrite.allow.known,
                                        deny: overwrite.deny.known.subtracting(overwrite.allow.known))
        return try await changing(channel.serverID) { store in
            try await store.setOverwrite(channel: id, clean)
            return try await store.channel(id) ?? channel
        }
    }

    /// Removes a channel's overwrite (MANAGE_CHANNELS and MANAGE_ROLES in the channel).
    public func deleteOverwrite(actor: UserID, channel id: Snowflake, target: PermissionOverwrite.Target) async throws {
        let (access, channel) = try await loadAccess(channel: id, actor: actor)
        guard access.permissions(in: channel).isSuperset(of: [.manageChannels, .manageRoles]) else {
            throw CommunityError.forbidden()
        }
        try await changing(channel.serverID) { store in
            guard try await store.deleteOverwrite(channel: id, target: target) else { throw CommunityError.notFound("Overwrite") }
        }
    }
}
