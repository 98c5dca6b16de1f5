import BeepPlatformCore

/// A parsed search: full-text terms and filters (all of them must hold).
public struct SearchQuery: Sendable, Hashable {
    /// Words and quoted phrases, each matched as a whole (a phrase keeps its word order).
    public var terms: [String] = []
    /// `from:user`: lowercased usernames; the author must be one of them.
    public var authors: [String] = []
    /// `mentions:user`: lowercased usernames; each must be mentioned.
    public var mentions: [String] = []
    /// `has:link`: only messages with a link.
    public var hasLink: Bool?
    /// `pinned:true|false`.
    public var pinned: Bool?
    /// `before:`: only ids strictly below this one.
    public var beforeID: Snowflake?
    /// `after:`: only ids strictly above this one.
    public var afterID: Snowflake?

    /// An empty query (it matches every visible message).
    public init() {}

    /// Whether the query has neither terms nor filters.
    public var isEmpty: Bool {
        terms.isEmpty && authors.isEmpty && mentions.isEmpty && hasLink == nil && pinned == nil
            && beforeID == nil && afterID == nil
    }
}

/// How results are ordered.
public enum SearchOrder: String, Sendable, Hashable, CaseIterable {
    /// Newest first (by id, descending): the default.
    case newest
    /// Best full-text match first (BM25 on SQLite, `ts_rank` on PostgreSQL), then newest.
    case relevance
}
