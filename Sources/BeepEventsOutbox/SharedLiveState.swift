import BeepStorage
import Foundation
import SQLKit

/// Live state that every `beep` process on one database holds a part of, such as who is online
/// or who is in a voice channel's call (docs/events.md, "Presence" and "Voice rooms").
///
/// Each process (node) keeps one row per key it holds something for (`events_live`: kind, subject (the key),
/// node, value, lease), and renews the lease of all its rows (``renew(_:now:)``). The state of
/// a key is ``merge`` over the values of rows whose lease has not run out, so what a killed
/// process held disappears once its leases run out and a live process sweeps them
/// (``sweep(now:)``). Whenever a key's state differs from the one last published
/// (`events_live_published`), the change writes the key's event into the events outbox in its
/// own transaction, under a per-key lock: every process delivers it once, in order.
public struct SharedLiveState: Sendable {
    /// A key's state from the values of its live rows (never empty); nil: no state (e.g. offline).
    public typealias Merge = @Sendable (_ values: [String]) -> String?
    /// The event telling a key's new state (nil: the key has no state now), or nil to publish none.
    public typealias Stage = @Sendable (_ key: String, _ state: String?) async throws -> StagedEvent?

    /// The outbox the events go to (its database holds the state's tables).
    public let outbox: EventOutbox
    /// What the state is, e.g. `presence` (keys of different kinds never mix).
    public let kind: String
    /// This process's node id.
    public let node: Int64
    /// How long a row counts without being renewed.
    public let lease: Duration
    private let merge: Merge
    private let stage: Stage

    /// State of `kind` for `node` on `outbox`'s database (run ``OutboxMigrations/set`` first).
    public init(outbox: EventOutbox, kind: String, node: Int64, lease: Duration = .seconds(15),
                merge: @escaping Merge, stage: @escaping Stage) {
        self.outbox = outbox
        self.kind = kind
        self.node = node
        self.lease = lease
        self.merge = merge
        self.stage = stage
    }

    private var database: Database { outbox.database }

    /// Sets what this node holds for `key` (nil: nothing any more), renewing its lease, and
    /// publishes the key's state if that changed it.
    public func set(_ key: String, _ value: String?, now: Date = Date()) async throws {
        let (kind, node) = (self.kind, self.node)
        let expires = OutboxTime.milliseconds(now) + OutboxTime.milliseconds(lease)
        try await database.transaction { db in
            try await lock(key, on: db)
            if let value {
                try await db.raw("""
                    INSERT INTO events_live (kind, subject, node, value, expires_at)
                    VALUES (\(bind: kind), \(bind: key), \(bind: node), \(bind: value), \(bind: expires))
                    ON CONFLICT (kind, subject, node) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                    """).run()
            } else {
                try await db.raw("""
                    DELETE FROM events_live WHERE kind = \(bind: kind) AND subject = \(bind: key) AND node = \(bind: node)
                    """).run()
            }
            try await reconcile(key, on: db, now: now)
        }
    }

    /// Renews the lease of this node's rows. `values` is what this node holds: a key whose row
    /// is gone (swept while this node could not renew) is set again.
    public func renew(_ values: [String: String], now: Date = Date()) async throws {
        let expires = OutboxTime.milliseconds(now) + OutboxTime.milliseconds(lease)
        let renewed = Set(try await database.sql.raw("""
            UPDATE events_live SET expires_at = \(bind: expires) WHERE kind = \(bind: kind) AND node = \(bind: node)
            RETURNING subject
            """).all().map { try $0.decode(column: "subject", as: String.self) })
        for (key, value) in values.sorted(by: { $0.key < $1.key }) where !renewed.contains(key) {
            try await set(key, value, now: now)
        }
    }

    /// Removes every row of this kind whose lease ran out (any node's) and publishes the new
    /// state of their keys. Returns how many keys it looked at.
    @discardableResult
    public func sweep(now: Date = Date()) async throws -> Int {
        let cutoff = OutboxTime.milliseconds(now)
        let keys = try await database.sql.raw("""
            SELECT DISTINCT subject FROM events_live WHERE kind = \(bind: kind) AND expires_at < \(bind: cutoff) ORDER BY subject
            """).all().map { try $0.decode(column: "subject", as: String.self) }
        for key in keys {
            try await database.transaction { db in
                try await lock(key, on: db)
                try await db.raw("""
                    DELETE FROM events_live WHERE kind = \(bind: kind) AND subject = \(bind: key) AND expires_at < \(bind: cutoff)
                    """).run()
                try await reconcile(key, on: db, now: now)
            }
        }
        return keys.count
    }

    /// Ends every lease this node holds of this kind (rows a previous run of it left behind, at
    /// start) and publishes the new state of their keys.
    public func releaseAll(now: Date = Date()) async throws {
        try await database.sql.raw("""
            UPDATE events_live SET expires_at = -1 WHERE kind = \(bind: kind) AND node = \(bind: node)
            """).run()
        try await sweep(now: now)
    }

    /// The state of `key` now, over every node (nil: none).
    public func state(_ key: String, now: Date = Date()) async throws -> String? {
        try await merged(key, on: database.sql, now: now)
    }

    /// The keys among `keys` some node holds something for now.
    public func held(among keys: [String], now: Date = Date()) async throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        let binds: [any Encodable & Sendable] = keys
        return Set(try await database.sql.raw("""
            SELECT DISTINCT subject FROM events_live
            WHERE kind = \(bind: kind) AND expires_at >= \(bind: OutboxTime.milliseconds(now)) AND subject IN (\(binds: binds))
            """).all().map { try $0.decode(column: "subject", as: String.self) })
    }

    private func merged(_ key: String, on db: any SQLDatabase, now: Date) async throws -> String? {
        let values = try await db.raw("""
            SELECT value FROM events_live
            WHERE kind = \(bind: kind) AND subject = \(bind: key) AND expires_at >= \(bind: OutboxTime.milliseconds(now))
            ORDER BY node
            """).all().map { try $0.decode(column: "value", as: String.self) }
        return values.isEmpty ? nil : merge(values)
    }

    /// Compares the key's state over live rows with the one last published; when they differ,
    /// records the new one and writes its event, in the caller's transaction `db`.
    private func reconcile(_ key: String, on db: any SQLDatabase, now: Date) async throws {
        let current = try await merged(key, on: db, now: now)
        let published = try await db.raw("""
            SELECT value FROM events_live_published WHERE kind = \(bind: kind) AND subject = \(bind: key)
            """).first().map { try $0.decode(column: "value", as: String.self) }
        guard current != published else { return }
        if let current {
            try await db.raw("""
                INSERT INTO events_live_published (kind, subject, value) VALUES (\(bind: kind), \(bind: key), \(bind: current))
                ON CONFLICT (kind, subject) DO UPDATE SET value = excluded.value
                """).run()
        } else {
            try await db.raw("DELETE FROM events_live_published WHERE kind = \(bind: kind) AND subject = \(bind: key)").run()
        }
        if let event = try await stage(key, current) { try await outbox.append(event, in: db, now: now) }
    }

    /// Serialises changes of one key across processes on PostgreSQL (SQLite's `BEGIN IMMEDIATE`
    /// already serialises every writer). The two-key form keeps these locks apart from the
    /// communities' one-key ones.
    private func lock(_ key: String, on db: any SQLDatabase) async throws {
        guard database.dialect == .postgres else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: kind)), hashtext(\(bind: key)))").run()
    }
}
