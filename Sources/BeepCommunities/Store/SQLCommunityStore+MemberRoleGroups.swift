import BeepPlatformCore
import BeepStorage
import SQLKit

extension SQLCommunityStore {
    /// See ``CommunityStore/memberRoleGroups(server:)``. One query and one row per distinct set of
    /// roles, the user ids (and role ids) joined as decimal text: a channel's audience is needed
    /// on every message sent, and reading a thousand members as a thousand rows was most of a
    /// send's cost (docs/performance.md, "Messages and events").
    public func memberRoleGroups(server: Snowflake) async throws -> [MemberRoleGroup] {
        let id = server.rawValue
        let query: SQLQueryString = switch database.dialect {
        case .postgres:
            """
            SELECT COALESCE(r.roles, '') AS roles, string_agg(CAST(m.user_id AS TEXT), ',') AS users
            FROM communities_members m
            LEFT JOIN (SELECT user_id, string_agg(CAST(role_id AS TEXT), ',' ORDER BY role_id) AS roles
                       FROM communities_member_roles WHERE server_id = \(bind: id) GROUP BY user_id) r
                ON r.user_id = m.user_id
            WHERE m.server_id = \(bind: id)
            GROUP BY COALESCE(r.roles, '')
            """
        case .sqlite:
            """
            SELECT COALESCE(r.roles, '') AS roles, group_concat(m.user_id, ',') AS users
            FROM communities_members m
            LEFT JOIN (SELECT user_id, group_concat(role_id, ',') AS roles
                       FROM (SELECT user_id, role_id FROM communities_member_roles WHERE server_id = \(bind: id)
                             ORDER BY user_id, role_id)
                       GROUP BY user_id) r
                ON r.user_id = m.user_id
            WHERE m.server_id = \(bind: id)
            GROUP BY COALESCE(r.roles, '')
            """
        }
        return try await sql.raw(query).all().map { row in
            MemberRoleGroup(roleIDs: Set(try Self.ids(try row.decode(column: "roles", as: String.self))),
                            userIDs: try Self.ids(try row.decode(column: "users", as: String.self)))
        }
    }

    /// `"12,34"` as ids (empty text: none). Throws on anything else, which the columns it comes
    /// from (integers) cannot hold.
    static func ids(_ text: String) throws -> [Snowflake] {
        try text.split(separator: ",").map { part in
            guard let value = Int64(part) else {
                throw StorageError(.other, reason: "not a list of ids: \(text.prefix(40))")
            }
            return Snowflake(rawValue: value)
        }
    }
}
