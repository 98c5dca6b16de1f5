import Hummingbird

/// One page of a list, with an opaque cursor for the next page (`nil` on the last page).
public struct Page<T: Codable & Sendable>: Codable, Sendable {
    /// The items of this page.
    public var items: [T]
    /// Pass as `?cursor=` to get the next page; `nil` when there is none.
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [T], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// Builds a page from up to `limit + 1` fetched items (fetch one more than the limit to
    /// know whether another page exists); the cursor is `cursor(lastItemOfThePage)`.
    public init(fetched: [T], limit: Int, cursor: (T) -> String) {
        let limit = PageRequest.clamp(limit)
        if fetched.count > limit {
            let items = Array(fetched.prefix(limit))
            self.items = items
            self.nextCursor = items.last.map(cursor)
        } else {
            self.items = fetched
            self.nextCursor = nil
        }
    }
}

extension Page: ResponseEncodable {}

/// `?limit=&cursor=` of a list request; `limit` is clamped to 1...100 (default 50).
public struct PageRequest: Sendable, Equatable {
    /// Largest page.
    public static let maximumLimit = 100
    /// Page size when none is asked for.
    public static let defaultLimit = 50

    /// Items per page (1...100).
    public var limit: Int
    /// The cursor from the previous page, if any (at most 200 characters).
    public var cursor: String?

    /// Creates a request, clamping `limit`.
    public init(limit: Int = PageRequest.defaultLimit, cursor: String? = nil) {
        self.limit = Self.clamp(limit)
        self.cursor = cursor
    }

    /// Reads `limit` and `cursor` from the query string.
    /// - Throws: 400 ``APIError`` naming `limit` (not an integer) or `cursor` (too long).
    public init(query: Request) throws(APIError) {
        let parameters = query.uri.queryParameters
        var limit = Self.defaultLimit
        if let raw = parameters["limit"] {
            guard let value = Int(String(raw)) else { throw APIError.invalid(field: "limit", message: "limit must be an integer.") }
            limit = value
        }
        var cursor: String?
        if let raw = parameters["cursor"], !raw.isEmpty {
            guard raw.count <= 200 else { throw APIError.invalid(field: "cursor", message: "cursor is too long.") }
            cursor = String(raw)
        }
        self.init(limit: limit, cursor: cursor)
    }

    /// `limit` forced into 1...100.
    public static func clamp(_ limit: Int) -> Int {
        min(max(limit, 1), maximumLimit)
    }
}
