import BeepPermissions
import BeepPlatformCore
import Foundation

/// Where to search.
public enum SearchScope: Sendable, Hashable {
    /// One text channel (`.notFound` if the searcher cannot see it).
    case channel(Snowflake)
    /// Every text channel of a server the searcher can see (none: no results).
    case server(Snowflake)
}

/// One page of search results.
public struct SearchPage: Sendable, Hashable {
    /// The matching messages, in the order asked.
    public var messages: [Message]
    /// Pass back as `cursor` for the next page; `nil` on the last page.
    public var nextCursor: String?

    /// A page from its parts.
    public init(messages: [Message], nextCursor: String?) {
        self.messages = messages
        self.nextCursor = nextCursor
    }
}

extension MessageService {
    /// Most results a relevance search pages through (its cursor is an offset).
    public static let maxRelevanceOffset = 1000

    /// Searches messages the actor can see, with the syntax of ``SearchQueryParser``.
    ///
    /// `cursor` is the previous page's `nextCursor`: the last id (newest first) or an offset
    /// (relevance). `limit` is clamped to 1...`limits.maxSearchPage` (25 when nil).
    /// - Throws: ``MessageError`` `.invalid` naming `q`, `q.<filter>` or `cursor`; `.notFound`
    ///   for a channel the actor cannot see.
    public func search(actor: UserID, in scope: SearchScope, query text: String, order: SearchOrder = .newest,
                       limit: Int? = nil, cursor: String? = nil) async throws -> SearchPage
    {
        let query = try SearchQueryParser.parse(text)
        let size = min(max(limit ?? 25, 1), limits.maxSearchPage)
        var spec = MessageSearchSpec(channelIDs: [], terms: query.terms, hasLink: query.hasLink, pinned: query.pinned,
                                     beforeID: query.beforeID, afterID: query.afterID, order: order, limit: size + 1)
        if let cursor {
            switch order {
            case .newest:
                guard let last = Snowflake(cursor) else { throw MessageError.invalid("cursor", "cursor is not valid.") }
                spec.beforeID = min(spec.beforeID ?? last, last)
            case .relevance:
                guard let offset = Int(cursor), (0...Self.maxRelevanceOffset).contains(offset) else {
                    throw MessageError.invalid("cursor", "cursor is not valid.")
                }
                spec.offset = offset
            }
        }
        let empty = SearchPage(messages: [], nextCursor: nil)
        switch scope {
        case .channel(let id):
            spec.channelIDs = [try await textChannel(id, actor: actor).channelID]
        case .server(let id):
            spec.channelIDs = try await access.visibleChannels(user: actor, server: id)
                .filter { $0.kind == .text }.map(\.channelID)
        }
        guard !spec.channelIDs.isEmpty else { return empty }
        let names = query.authors + query.mentions
        if !names.isEmpty {
            let found = try await access.userIDs(usernames: names)
            spec.authorIDs = query.authors.compactMap { found[$0] }
            spec.mentionIDs = query.mentions.compactMap { found[$0] }
            // An unknown user can match nothing: no author among the named, or a mention missing.
            if !query.authors.isEmpty, spec.authorIDs.isEmpty { return empty }
            if spec.mentionIDs.count < query.mentions.count { return empty }
        }
        let fetched = try await store.search(spec)
        let page = Array(fetched.prefix(size))
        guard fetched.count > size, let last = page.last else { return SearchPage(messages: page, nextCursor: nil) }
        switch order {
        case .newest:
            return SearchPage(messages: page, nextCursor: last.id.description)
        case .relevance:
            let next = spec.offset + size
            return SearchPage(messages: page, nextCursor: next <= Self.maxRelevanceOffset ? String(next) : nil)
        }
    }
}
