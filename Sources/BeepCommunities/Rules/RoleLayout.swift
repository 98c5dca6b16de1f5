import BeepPlatformCore

/// The ordering rules of a server's roles (pure: no storage). @everyone stays at 0; the others
/// are numbered 1, 2, 3, ... from lowest to highest.
public enum RoleLayout {
    /// New positions (role id → position) after moving `id` to `position` (clamped to 1...count);
    /// roles keep their relative order otherwise. Only changed positions are returned.
    public static func move(_ id: Snowflake, to position: Int, in roles: [CommunityRole]) -> [Snowflake: Int] {
        var ordered = roles.filter { !$0.isEveryone }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
        guard let index = ordered.firstIndex(where: { $0.id == id }) else { return [:] }
        let moving = ordered.remove(at: index)
        ordered.insert(moving, at: min(max(0, position - 1), ordered.count))
        var changes: [Snowflake: Int] = [:]
        for (offset, role) in ordered.enumerated() where role.position != offset + 1 {
            changes[role.id] = offset + 1
        }
        return changes
    }
}

extension RoleLayout {
    /// Positions 1, 2, 3, ... for the roles other than @everyone, in their current order
    /// (closes gaps left by a deletion). Only changed positions are returned.
    public static func compacted(_ roles: [CommunityRole]) -> [Snowflake: Int] {
        let ordered = roles.filter { !$0.isEveryone }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
        var changes: [Snowflake: Int] = [:]
        for (offset, role) in ordered.enumerated() where role.position != offset + 1 { changes[role.id] = offset + 1 }
        return changes
    }
}
