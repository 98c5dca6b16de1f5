import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

extension SQLCommunityStore {
    /// See ``CommunityStore/memberRoleGroups(server:)``. One query and one row per distinct set of
    /// roles, the user ids (and role ids) as JSON arrays: a channel's audience is needed on every
    /// message sent, and reading a thousand members as a thousand rows was most of a send's cost
    /// (docs/performance.md, "Messages and events").
    public func memberRoleGroups(server: Snowflake) async throws -> [MemberRoleGroup] {
        let id = server.rawValue
        let query: SQLQueryString = switch database.dialect {
        case .postgres:
            """
            SELECT COALESCE(r.roles, '[]') AS roles, CAST(json_agg(m.user_id) AS TEXT) AS users
            FROM communities_members m
            LEFT JOIN (SELECT user_id, CAST(json_agg(role_id ORDER BY role_id) AS TEXT) AS roles
                       FROM communities_member_roles WHERE server_id = \(bind: id) GROUP BY user_id) r
                ON r.user_id = m.user_id
            WHERE m.server_id = \(bind: id)
            GROUP BY COALESCE(r.roles, '[]')
            """
        case .sqlite:
            """
            SELECT COALESCE(r.roles, '[]') AS roles, json_group_array(m.user_id) AS users
            FROM communities_members m
            LEFT JOIN (SELECT user_id, json_group_array(role_id) AS roles
                       FROM (SELECT user_id, role_id FROM communities_member_roles WHERE server_id = \(bind: id)
                             ORDER BY user_id, role_id)
                       GROUP BY user_id) r
                ON r.user_id = m.user_id
            WHERE m.server_id = \(bind: id)
            GROUP BY COALESCE(r.roles, '[]')
            """
        }
        return try await sql.raw(query).all().map { row in
            MemberRoleGroup(roleIDs: Set(try Self.ids(try row.decode(column: "roles", as: String.self))),
                            userIDs: try Self.ids(try row.decode(column: "users", as: String.self)))
        }
    }

    /// A JSON array of integer ids, e.g. `[12, 34]`.
    static func ids(_ json: String) throws -> [Snowflake] {
        do {
            return try JSONDecoder().decode([Int64].self, from: Data(json.utf8)).map(Snowflake.init(rawValue:))
        } catch {
            throw StorageError(.other, reason: "not a JSON array of ids: \(json.prefix(40))")
        }
    }
}
