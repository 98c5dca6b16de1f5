import BeepPermissions
import BeepPlatformCore

/// Where a channel sits: in a folder (or at the top level) and at which index among its siblings.
public struct ChannelPlacement: Sendable, Hashable {
    /// The channel.
    public var id: Snowflake
    /// Its folder, `nil` at the top level.
    public var parentID: Snowflake?
    /// Its index among its siblings, from 0.
    public var position: Int

    /// A placement from its parts.
    public init(id: Snowflake, parentID: Snowflake?, position: Int) {
        self.id = id
        self.parentID = parentID
        self.position = position
    }
}

/// The ordering rules of a server's channels (pure: no storage). Folders sit at the top level
/// and hold text and voice channels one level deep; siblings are numbered 0, 1, 2, ... in order.
public enum ChannelLayout {
    /// Checks that a channel of `kind` may sit in `parent` (a folder of the same server, and
    /// never a folder inside a folder).
    public static func checkParent(kind: PermissionChannelKind, parent: CommunityChannel?, serverID: Snowflake)
        throws(CommunityError)
    {
        guard let parent else { return }
        guard kind != .folder else { throw .invalid("parentId", "A folder cannot be inside another folder.") }
        guard parent.serverID == serverID, parent.kind == .folder else {
            throw .invalid("parentId", "parentId must name a folder of this server.")
        }
    }

    /// The next position at the end of `parentID`'s children.
    public static func nextPosition(in channels: [CommunityChannel], parentID: Snowflake?) -> Int {
        channels.filter { $0.parentID == parentID }.count
    }

    /// The channels in display order: top-level items by position, each folder followed by its
    /// children by position (ties by id).
    public static func ordered(_ channels: [CommunityChannel]) -> [CommunityChannel] {
        func sorted(_ items: [CommunityChannel]) -> [CommunityChannel] {
            items.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
        }
        var result: [CommunityChannel] = []
        for top in sorted(channels.filter { $0.parentID == nil }) {
            result.append(top)
            if top.kind == .folder { result += sorted(channels.filter { $0.parentID == top.id }) }
        }
        return result
    }

    /// New placements after moving `id` into `parentID` at `index` (clamped to the end): the
    /// old and new sibling groups are renumbered 0, 1, 2, ... Only changed placements are returned.
    public static func move(_ id: Snowflake, to parentID: Snowflake?, index: Int,
                            in channels: [CommunityChannel]) -> [ChannelPlacement] {
        guard let moving = channels.first(where: { $0.id == id }) else { return [] }
        func siblings(_ parent: Snowflake?) -> [CommunityChannel] {
            channels.filter { $0.parentID == parent && $0.id != id }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
        }
        var target = siblings(parentID)
        target.insert(moving, at: min(max(0, index), target.count))
        var placements: [ChannelPlacement] = []
        for (position, channel) in target.enumerated() where channel.position != position || channel.id == id {
            placements.append(ChannelPlacement(id: channel.id, parentID: parentID, position: position))
        }
        if moving.parentID != parentID {
            for (position, channel) in siblings(moving.parentID).enumerated() where channel.position != position {
                placements.append(ChannelPlacement(id: channel.id, parentID: moving.parentID, position: position))
            }
        }
        return placements
    }
}
