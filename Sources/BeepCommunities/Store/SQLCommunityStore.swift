import BeepPermissions
import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

/// The ``CommunityStore`` on SQLKit: one implementation for SQLite and PostgreSQL.
public struct SQLCommunityStore: CommunityStore {
    let database: Database
    /// Writes each change's events in the change's transaction (the events outbox); nil: none.
    let recorder: (any CommunityEventRecorder)?
    /// The open transaction of a ``change(server:removal:events:_:)`` this store is bound to;
    /// nil: each call uses the pool (and its own transaction when it needs one).
    let connection: (any SQLDatabase)?

    /// A store on `database` (run ``CommunityMigrations/set`` on it first, or use
    /// ``open(_:recorder:)``); `recorder` writes each change's events in its transaction.
    public init(database: Database, recorder: (any CommunityEventRecorder)? = nil) {
        self.init(database: database, recorder: recorder, connection: nil)
    }

    init(database: Database, recorder: (any CommunityEventRecorder)?, connection: (any SQLDatabase)?) {
        self.database = database
        self.recorder = recorder
        self.connection = connection
    }

    /// Applies the communities migrations to `database` and returns a store on it.
    public static func open(_ database: Database, recorder: (any CommunityEventRecorder)? = nil)
        async throws -> SQLCommunityStore
    {
        try await database.migrate(CommunityMigrations.set)
        return SQLCommunityStore(database: database, recorder: recorder)
    }

    var sql: any SQLDatabase { connection ?? database.sql }

    /// Runs `body` in a transaction: the bound one when there is one (it commits or rolls back
    /// with the whole change), else a new one.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let connection { return try await body(connection) }
        return try await database.transaction(body)
    }

    /// Runs `body` in a transaction; a refusal it returns is thrown after the transaction ends
    /// (refusals are decided before any write, so committing them writes nothing).
    func refusable<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Result<T, CommunityError>)
        async throws -> T
    {
        try await transaction(body).get()
    }

    /// Serialises writers per user on PostgreSQL (counts then inserts under a cap); SQLite's
    /// `BEGIN IMMEDIATE` already serialises every writer.
    func lockUser(_ user: UserID, on db: any SQLDatabase) async throws {
        guard database.dialect == .postgres else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(\(bind: user.rawValue))").run()
    }

    /// Serialises writers per server on PostgreSQL (the per-server caps).
    func lockServer(_ server: Snowflake, on db: any SQLDatabase) async throws {
        guard database.dialect == .postgres else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(\(bind: server.rawValue))").run()
    }
}

/// Conversions between column values and domain values.
enum Column {
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
    static func bits(_ permissions: Permissions) -> Int64 { Int64(bitPattern: permissions.rawValue) }
    static func permissions(_ bits: Int64) -> Permissions { Permissions(rawValue: UInt64(bitPattern: bits)) }

    static func count(_ row: (any SQLRow)?) throws -> Int {
        guard let row else { return 0 }
        return Int(try row.decode(column: "n", as: Int64.self))
    }

    static func server(_ row: any SQLRow) throws -> CommunityServer {
        let visibility = ServerVisibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .private
        return CommunityServer(
            id: Snowflake(rawValue: try row.decode(column: "id", as: Int64.self)),
            ownerID: Snowflake(rawValue: try row.decode(column: "owner_id", as: Int64.self)),
            name: try row.decode(column: "name", as: String.self),
            description: try row.decode(column: "description", as: String.self),
            pictureID: try row.decode(column: "picture_id", as: Int64?.self).map { Snowflake(rawValue: $0) },
            bannerID: try row.decode(column: "banner_id", as: Int64?.self).map { Snowflake(rawValue: $0) },
            visibility: visibility,
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)))
    }

    static func role(_ row: any SQLRow) throws -> CommunityRole {
        CommunityRole(
            id: Snowflake(rawValue: try row.decode(column: "id", as: Int64.self)),
            serverID: Snowflake(rawValue: try row.decode(column: "server_id", as: Int64.self)),
            name: try row.decode(column: "name", as: String.self),
            colour: Int(try row.decode(column: "colour", as: Int64.self)),
            position: Int(try row.decode(column: "sort_position", as: Int64.self)),
            permissions: permissions(try row.decode(column: "permissions", as: Int64.self)))
    }

    static func channel(_ row: any SQLRow, overwrites: [PermissionOverwrite]) throws -> CommunityChannel {
        CommunityChannel(
            id: Snowflake(rawValue: try row.decode(column: "id", as: Int64.self)),
            serverID: Snowflake(rawValue: try row.decode(column: "server_id", as: Int64.self)),
            parentID: try row.decode(column: "parent_id", as: Int64?.self).map { Snowflake(rawValue: $0) },
            kind: PermissionChannelKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .text,
            name: try row.decode(column: "name", as: String.self),
            topic: try row.decode(column: "topic", as: String.self),
            position: Int(try row.decode(column: "sort_position", as: Int64.self)),
            overwrites: overwrites)
    }

    static func overwrite(_ row: any SQLRow) throws -> (channel: Snowflake, overwrite: PermissionOverwrite)? {
        let raw = UInt64(bitPattern: try row.decode(column: "target_id", as: Int64.self))
        let target: PermissionOverwrite.Target
        switch try row.decode(column: "target_kind", as: String.self) {
        case "role": target = .role(RoleID(raw))
        case "member": target = .member(MemberID(raw))
        default: return nil
        }
        return (Snowflake(rawValue: try row.decode(column: "channel_id", as: Int64.self)),
                PermissionOverwrite(target: target,
                                    allow: permissions(try row.decode(column: "allow_bits", as: Int64.self)),
                                    deny: permissions(try row.decode(column: "deny_bits", as: Int64.self))))
    }

    static func target(_ target: PermissionOverwrite.Target) -> (kind: String, id: Int64) {
        switch target {
        case .role(let id): ("role", Int64(bitPattern: id.rawValue))
        case .member(let id): ("member", Int64(bitPattern: id.rawValue))
        }
    }

    static func invite(_ row: any SQLRow) throws -> CommunityInvite {
        CommunityInvite(
            code: try row.decode(column: "code", as: String.self),
            serverID: Snowflake(rawValue: try row.decode(column: "server_id", as: Int64.self)),
            creatorID: Snowflake(rawValue: try row.decode(column: "creator_id", as: Int64.self)),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: try row.decode(column: "expires_at", as: Int64?.self).map(date),
            maxUses: try row.decode(column: "max_uses", as: Int64?.self).map { Int($0) },
            uses: Int(try row.decode(column: "uses", as: Int64.self)),
            revoked: try row.decode(column: "revoked", as: Int64.self) != 0)
    }

    static func ban(_ row: any SQLRow) throws -> CommunityBan {
        CommunityBan(
            serverID: Snowflake(rawValue: try row.decode(column: "server_id", as: Int64.self)),
            userID: Snowflake(rawValue: try row.decode(column: "user_id", as: Int64.self)),
            bannedBy: Snowflake(rawValue: try row.decode(column: "banned_by", as: Int64.self)),
            reason: try row.decode(column: "reason", as: String.self),
            createdAt: date(try row.decode(column: "created_at", as: Int64.self)))
    }

    /// `text` as a LIKE pattern matching it anywhere, with `!` escaping `%`, `_` and `!`.
    static func containsPattern(_ text: String) -> String {
        var escaped = ""
        for character in text.lowercased() {
            if character == "%" || character == "_" || character == "!" { escaped.append("!") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }

    /// The lowercased text discovery searches.
    static func searchText(name: String, description: String) -> String {
        (name + "\n" + description).lowercased()
    }
}
