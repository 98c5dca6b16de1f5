import BeepPlatformCore
import BeepStorage
import Foundation
import SQLKit

extension SQLMessageStore {
    /// See ``MessageStore/search(_:)``. SQLite: FTS5 `MATCH` with every term as a quoted
    /// phrase, BM25 for relevance. PostgreSQL: `search_vector @@ phraseto_tsquery('simple', term)`
    /// for each term (user text is only ever bound, never parsed as query syntax), `ts_rank` for
    /// relevance. Newest first orders by id, which is creation order.
    public func search(_ spec: MessageSearchSpec) async throws -> [Message] {
        guard !spec.channelIDs.isEmpty, spec.limit > 0 else { return [] }
        let dialect = database.dialect
        let useText = !spec.terms.isEmpty
        let channels: [any Encodable & Sendable] = spec.channelIDs.map(\.rawValue)
        var query: SQLQueryString = "SELECT \(unsafeRaw: MessageColumns.list(alias: "m")) FROM messages m "
        if useText, dialect == .sqlite {
            query += "JOIN messages_fts ON messages_fts.rowid = m.id "
        }
        query += "WHERE m.channel_id IN (\(binds: channels))"
        if useText {
            switch dialect {
            case .sqlite:
                query += " AND messages_fts MATCH \(bind: Self.fts5Expression(spec.terms))"
            case .postgres:
                for term in spec.terms { query += " AND m.search_vector @@ phraseto_tsquery('simple', \(bind: term))" }
            }
        }
        if !spec.authorIDs.isEmpty {
            let authors: [any Encodable & Sendable] = spec.authorIDs.map(\.rawValue)
            query += " AND m.author_id IN (\(binds: authors))"
        }
        for user in spec.mentionIDs {
            query += """
                 AND EXISTS (SELECT 1 FROM messages_mentions mm WHERE mm.message_id = m.id AND mm.user_id = \(bind: user.rawValue))
                """
        }
        if let hasLink = spec.hasLink { query += " AND m.has_link = \(bind: hasLink)" }
        if let pinned = spec.pinned { query += pinned ? " AND m.pinned_at IS NOT NULL" : " AND m.pinned_at IS NULL" }
        if let before = spec.beforeID { query += " AND m.id < \(bind: before.rawValue)" }
        if let after = spec.afterID { query += " AND m.id > \(bind: after.rawValue)" }
        switch (spec.order, useText, dialect) {
        case (.relevance, true, .sqlite):
            query += " ORDER BY bm25(messages_fts), m.id DESC"
        case (.relevance, true, .postgres):
            let ranks = spec.terms.map { term -> SQLQueryString in
                "ts_rank(m.search_vector, phraseto_tsquery('simple', \(bind: term)))"
            }
            query += " ORDER BY (" + ranks.joined(separator: " + ") + ") DESC, m.id DESC"
        case (.newest, true, .sqlite):
            // The FTS5 rowid is the message id: ordering by it lets FTS5 walk the term's matches
            // newest first and stop at the limit, instead of SQLite scanning every message of
            // the channel by id and probing the index for each (minutes over 1M rows for a
            // rare term, docs/performance.md).
            query += " ORDER BY messages_fts.rowid DESC"
        default:
            query += " ORDER BY m.id DESC"
        }
        query += " LIMIT \(bind: Int64(spec.limit)) OFFSET \(bind: Int64(max(0, spec.offset)))"
        return try await load(sql.raw(query))
    }

    /// `"word" AND "two words"`: each term a quoted FTS5 phrase (quotes doubled), so nothing
    /// in user text is read as FTS5 syntax.
    static func fts5Expression(_ terms: [String]) -> String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
    }
}
