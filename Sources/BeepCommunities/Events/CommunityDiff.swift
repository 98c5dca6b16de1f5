import BeepPlatformCore

/// How members who are gone after a change left: it names their removal event.
public enum MemberRemoval: Sendable, Hashable {
    /// They left (`member.left`).
    case left
    /// They were kicked (`member.kicked`).
    case kicked
    /// They were banned (`member.banned`).
    case banned

    var eventType: CommunityEventType {
        switch self {
        case .left: .memberLeft
        case .kicked: .memberKicked
        case .banned: .memberBanned
        }
    }
}

/// Turns a server's state before and after a change into the events that tell every member what
/// they now see (docs/events.md, "Community events"). Pure: no store, no clock.
///
/// Audiences: server, role and member events go to the members after the change (a removed
/// member also gets their own removal); a channel's events go to those who see it after the
/// change, except `channel.deleted` (those who saw it) and `channel.hidden` (members who no
/// longer see it). Members who join or leave get no `channel.shown`/`channel.hidden`: their
/// own `member.*` event tells them to load or drop the whole server.
public enum CommunityDiff {
    /// The events from `before` to `after` (nil: the server does not exist), in a stable order:
    /// server, roles, joins, member changes, channels (created, updated, moved, shown, hidden,
    /// deleted), deleted roles, removals, and `server.deleted` last.
    public static func events(before: CommunitySnapshot?, after: CommunitySnapshot?,
                              removal: MemberRemoval = .left) -> [CommunityEvent] {
        guard let before else { return [] }
        guard let after else {
            return [CommunityEvent(type: .serverDeleted, subject: .serverRef(serverID: before.server.id),
                                   audience: before.memberIDs)]
        }
        let everyone = after.memberIDs
        var list = EventList()
        if before.server != after.server { list.add(.serverUpdated, .server(after.server), everyone) }
        for role in after.roles.values.sorted(by: { $0.id < $1.id }) {
            if let old = before.roles[role.id] {
                if old != role { list.add(.roleUpdated, .role(role), everyone) }
            } else {
                list.add(.roleCreated, .role(role), everyone)
            }
        }
        for member in after.members.values.sorted(by: { $0.userID < $1.userID }) {
            if let old = before.members[member.userID] {
                if old.roleIDs != member.roleIDs { list.add(.memberUpdated, .member(member), everyone) }
            } else {
                list.add(.memberJoined, .member(member), everyone)
            }
        }
        list.events += channelEvents(before: before, after: after)
        let serverID = after.server.id
        for role in before.roles.keys.sorted() where after.roles[role] == nil {
            list.add(.roleDeleted, .roleRef(roleID: role, serverID: serverID), everyone)
        }
        for user in before.members.keys.sorted() where after.members[user] == nil {
            list.add(removal.eventType, .memberRef(serverID: serverID, userID: user), everyone.union([user]))
        }
        return list.events
    }

    private static func channelEvents(before: CommunitySnapshot, after: CommunitySnapshot) -> [CommunityEvent] {
        var list = EventList()
        let serverID = after.server.id
        // Joining and leaving members learn the whole server from their member event instead.
        let stayed = before.memberIDs.intersection(after.memberIDs)
        for channel in after.channels.values.sorted(by: { $0.id < $1.id }) {
            let now = after.viewers[channel.id] ?? []
            guard let old = before.channels[channel.id] else {
                list.add(.channelCreated, .channel(channel), now)
                continue
            }
            let then = before.viewers[channel.id] ?? []
            let kept = now.intersection(then)
            if old != channel {
                var placementOnly = old
                placementOnly.parentID = channel.parentID
                placementOnly.position = channel.position
                list.add(placementOnly == channel ? .channelMoved : .channelUpdated, .channel(channel), kept)
            }
            list.add(.channelShown, .channel(channel), now.subtracting(then).intersection(stayed))
            list.add(.channelHidden, .channelRef(channelID: channel.id, serverID: serverID),
                     then.subtracting(now).intersection(stayed))
        }
        for channel in before.channels.keys.sorted() where after.channels[channel] == nil {
            list.add(.channelDeleted, .channelRef(channelID: channel, serverID: serverID), before.viewers[channel] ?? [])
        }
        return list.events
    }
}

/// Events in the making; those with an empty audience are dropped.
private struct EventList {
    var events: [CommunityEvent] = []

    mutating func add(_ type: CommunityEventType, _ subject: CommunityEventSubject, _ audience: Set<UserID>) {
        if !audience.isEmpty { events.append(CommunityEvent(type: type, subject: subject, audience: audience)) }
    }
}
