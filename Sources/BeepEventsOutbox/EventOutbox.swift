import BeepEvents
import BeepStorage
import Foundation
import SQLKit

/// The events outbox on PostgreSQL (docs/events.md, "Across processes"): a change writes its
/// events here inside its own transaction and `NOTIFY`s their row ids on ``channel``; every
/// `beep` process listening reads the rows back and delivers them to its own clients.
public struct EventOutbox: Sendable {
    /// The database (PostgreSQL: SQLite keeps delivery in process and never writes here).
    public let database: Database
    /// The `NOTIFY` channel: `beep_events_<schema>`.
    public let channel: String

    /// An outbox on `database` (run ``OutboxMigrations/set`` first, or use ``open(_:)``).
    public init(database: Database) {
        self.database = database
        self.channel = "beep_events_" + database.schemaName.lowercased()
    }

    /// Applies the outbox migrations and returns the outbox.
    public static func open(_ database: Database) async throws -> EventOutbox {
        try await database.migrate(OutboxMigrations.set)
        return EventOutbox(database: database)
    }

    /// The longest stream name accepted.
    public static let maximumStreamBytes = 200

    /// Writes `staged` inside the caller's transaction `db` and `NOTIFY`s its row id, which
    /// PostgreSQL delivers to listeners only if and when that transaction commits.
    ///
    /// Takes the stream's row lock (held to commit) to number the event: within one stream,
    /// sequence order is commit order.
    /// - Returns: the row id.
    /// - Throws: ``StorageError``; `.invalidConfiguration` for a stream name over
    ///   ``maximumStreamBytes``.
    @discardableResult
    public func append(_ staged: StagedEvent, in db: any SQLDatabase, now: Date = Date()) async throws -> Int64 {
        if database.dialect == .postgres {
            // One round trip while the stream's row is locked: number, insert, notify.
            let row = try await db.raw("WITH " + (try writing(staged, now: now)) + " " + Self.notifying(channel)).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else {
                throw StorageError(.other, reason: "events_outbox returned no id")
            }
            return id
        }
        try Self.checkStream(staged)
        let created = OutboxTime.milliseconds(now)
        let audience = AudienceColumn.encode(staged.audience, memberLists: staged.memberListAudience)
        let seqRow = try await db.raw("""
            INSERT INTO events_streams (stream, last_seq) VALUES (\(bind: staged.stream), 1)
            ON CONFLICT (stream) DO UPDATE SET last_seq = events_streams.last_seq + 1
            RETURNING last_seq
            """).first()
        guard let seq = try seqRow?.decode(column: "last_seq", as: Int64.self) else {
            throw StorageError(.other, reason: "events_streams returned no sequence number")
        }
        let idRow = try await db.raw("""
            INSERT INTO events_outbox (stream, seq, type, data, audience, created_at)
            VALUES (\(bind: staged.stream), \(bind: seq), \(bind: staged.event.type), \(bind: staged.event.dataJSON),
                    \(bind: audience), \(bind: created))
            RETURNING id
            """).first()
        guard let id = try idRow?.decode(column: "id", as: Int64.self) else {
            throw StorageError(.other, reason: "events_outbox returned no id")
        }
        return id
    }

    /// PostgreSQL: the common table expressions that number `staged` in its stream (taking the
    /// stream's row lock until commit) and insert it into the outbox, as `numbered` and `written`
    /// (`written` returns the row `id`). With `gate`, the name of an earlier expression of the same
    /// statement, the event is written only if that expression returned a row (e.g. a message
    /// inserted unless its nonce was taken), so a change and its event can be one statement.
    /// With `stamp` as well, the name of a column `gate` returns, the event's body gets that
    /// column's value where it holds ``StagedEvent/placeholder(_:)`` (e.g. a message's
    /// `position`, known only once the statement runs); see ``StagedEvent/stamping(_:_:)``.
    /// Finish the statement with ``notifying(_:)``.
    /// - Throws: ``StorageError`` `.invalidConfiguration` for a stream name over ``maximumStreamBytes``.
    public func writing(_ staged: StagedEvent, now: Date = Date(), gate: String? = nil,
                        stamp: String? = nil) throws -> SQLQueryString {
        try Self.checkStream(staged)
        let source: SQLQueryString = gate.map { " FROM \(ident: $0)" } ?? ""
        var data: SQLQueryString = "\(bind: staged.event.dataJSON)"
        var sources: SQLQueryString = "numbered"
        if let gate, let stamp {
            let key = String(StagedEvent.placeholder(stamp).dropLast())  // `"<stamp>":`
            data = """
                replace(\(bind: staged.event.dataJSON), \(bind: StagedEvent.placeholder(stamp)),
                        \(bind: key) || \(ident: gate).\(ident: stamp)::text)
                """
            sources = "numbered, \(ident: gate)"
        }
        return """
            numbered AS (
                INSERT INTO events_streams (stream, last_seq) SELECT \(bind: staged.stream), 1\(source)
                ON CONFLICT (stream) DO UPDATE SET last_seq = events_streams.last_seq + 1
                RETURNING last_seq
            ), written AS (
                INSERT INTO events_outbox (stream, seq, type, data, audience, created_at)
                SELECT \(bind: staged.stream), last_seq, \(bind: staged.event.type), \(data),
                       \(bind: AudienceColumn.encode(staged.audience, memberLists: staged.memberListAudience)), \(bind: OutboxTime.milliseconds(now)) FROM \(sources)
                RETURNING id
            )
            """
    }

    /// The end of a statement begun with ``writing(_:now:gate:stamp:)``: `NOTIFY`s the written row's id
    /// on `channel` and returns it as `id` (no row when nothing was written).
    public static func notifying(_ channel: String) -> SQLQueryString {
        "SELECT id, pg_notify(\(bind: channel), id::text) FROM written"
    }

    static func checkStream(_ staged: StagedEvent) throws {
        guard staged.stream.utf8.count <= maximumStreamBytes, !staged.stream.isEmpty else {
            throw StorageError(.invalidConfiguration, reason: "event stream name must be 1...\(maximumStreamBytes) bytes")
        }
    }

    /// Writes `events` in one transaction of their own (events that change no other row:
    /// presence, typing, voice participants), in array order.
    public func append(_ events: [StagedEvent], now: Date = Date()) async throws {
        guard !events.isEmpty else { return }
        try await database.transaction { db in
            for staged in events { try await append(staged, in: db, now: now) }
        }
    }

    /// The rows with these ids (absent ones are skipped: rolled back never, pruned possibly).
    public func records(ids: [Int64]) async throws -> [OutboxRecord] {
        guard !ids.isEmpty else { return [] }
        let binds: [any Encodable & Sendable] = ids
        return try await load(database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM events_outbox WHERE id IN (\(binds: binds))
            """))
    }

    /// The rows of `stream` with `seq` in `after + 1 ... through`, in order.
    public func records(stream: String, after: Int64, through: Int64) async throws -> [OutboxRecord] {
        try await load(database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM events_outbox
            WHERE stream = \(bind: stream) AND seq > \(bind: after) AND seq <= \(bind: through) ORDER BY seq
            """))
    }

    /// Every row written at or after `milliseconds` (catch-up after a listening outage), by
    /// stream and seq.
    public func records(createdSince milliseconds: Int64) async throws -> [OutboxRecord] {
        try await load(database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM events_outbox WHERE created_at >= \(bind: milliseconds)
            ORDER BY stream, seq
            """))
    }

    /// Every stream's last sequence number: where a process that starts listening begins.
    public func streamHeads() async throws -> [String: Int64] {
        var heads: [String: Int64] = [:]
        for row in try await database.sql.raw("SELECT stream, last_seq FROM events_streams").all() {
            heads[try row.decode(column: "stream", as: String.self)] = try row.decode(column: "last_seq", as: Int64.self)
        }
        return heads
    }

    /// Deletes rows written before `milliseconds` (the retention period has passed).
    /// - Returns: how many rows went.
    @discardableResult
    public func prune(before milliseconds: Int64) async throws -> Int {
        try await database.sql.raw("DELETE FROM events_outbox WHERE created_at < \(bind: milliseconds) RETURNING id")
            .all().count
    }

    static let columns = "id, stream, seq, type, data, audience, created_at"

    func load(_ query: SQLRawBuilder) async throws -> [OutboxRecord] {
        try await query.all().map { row in
            let stream = try row.decode(column: "stream", as: String.self)
            let event = PublishedEvent(type: try row.decode(column: "type", as: String.self),
                                       dataJSON: try row.decode(column: "data", as: String.self))
            let audience = AudienceColumn.decode(try row.decode(column: "audience", as: String.self))
            return OutboxRecord(id: try row.decode(column: "id", as: Int64.self),
                                seq: try row.decode(column: "seq", as: Int64.self),
                                staged: StagedEvent(event: event, audience: audience.users,
                                                    memberListAudience: audience.memberLists, stream: stream),
                                createdAtMilliseconds: try row.decode(column: "created_at", as: Int64.self))
        }
    }
}

/// The audience column: a JSON array of user ids, in no particular order (a channel's audience
/// is every member who can see it: sorting a thousand of them on every message cost more than
/// encoding them); with a member-list audience (``StagedEvent/memberListAudience``), an object
/// `{"users":[...],"memberLists":{"<server id>":[...]}}`.
enum AudienceColumn {
    private struct Addressed: Codable {
        var users: [String]
        var memberLists: [String: [String]]
    }

    static func encode(_ audience: Set<String>, memberLists: [String: Set<String>] = [:]) -> String {
        let data: Data? = if memberLists.isEmpty {
            try? JSONEncoder().encode(Array(audience))
        } else {
            try? JSONEncoder().encode(Addressed(users: Array(audience), memberLists: memberLists.mapValues(Array.init)))
        }
        return String(decoding: data ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Unreadable text decodes to nobody (never to everybody).
    static func decode(_ text: String) -> (users: Set<String>, memberLists: [String: Set<String>]) {
        let data = Data(text.utf8)
        if let users = try? JSONDecoder().decode([String].self, from: data) { return (Set(users), [:]) }
        guard let addressed = try? JSONDecoder().decode(Addressed.self, from: data) else { return ([], [:]) }
        return (Set(addressed.users), addressed.memberLists.mapValues(Set.init))
    }
}
