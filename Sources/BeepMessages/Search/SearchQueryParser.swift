import BeepPlatformCore

/// Parses the search box syntax (docs/messages.md): words, `"quoted phrases"` and the filters
/// `from:user`, `mentions:user`, `has:link`, `pinned:true|false`, `before:` and `after:`
/// (a `YYYY-MM-DD` day in UTC, or a message id). A `key:value` whose key is not a filter is
/// searched as text. Errors name the field as `q` or `q.<filter>`.
public enum SearchQueryParser {
    /// Longest query, in characters.
    public static let maxLength = 512
    /// Most words and phrases.
    public static let maxTerms = 16
    /// Most `from:` or `mentions:` values each.
    public static let maxUsers = 5

    /// Parses `text`.
    /// - Throws: ``MessageError`` `.invalid(field:)` naming `q` (too long, too many terms, an
    ///   unclosed quote) or the filter (`q.before`, `q.has`, ...) with a bad value.
    public static func parse(_ text: String) throws(MessageError) -> SearchQuery {
        guard text.count <= maxLength else { throw .invalid("q", "A search is at most \(maxLength) characters.") }
        var query = SearchQuery()
        for token in try tokens(text) {
            if !token.quoted, let colon = token.text.firstIndex(of: ":") {
                let key = token.text[..<colon].lowercased()
                let value = String(token.text[token.text.index(after: colon)...])
                if try apply(key: key, value: value, to: &query) { continue }
            }
            let words = token.text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            guard !words.isEmpty else { continue }
            let term = words.joined(separator: " ").lowercased()
            if !query.terms.contains(term) { query.terms.append(term) }
            guard query.terms.count <= maxTerms else { throw .invalid("q", "A search has at most \(maxTerms) terms.") }
        }
        return query
    }

    /// Applies a filter; false when `key` is not a filter (the token is then text).
    private static func apply(key: String, value: String, to query: inout SearchQuery) throws(MessageError) -> Bool {
        let field = "q.\(key)"
        switch key {
        case "from", "mentions":
            let name = value.hasPrefix("@") ? String(value.dropFirst()) : value
            guard (2...32).contains(name.utf8.count),
                  name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
                      || ("0"..."9").contains($0) || $0 == "_" || $0 == ".") }) else {
                throw .invalid(field, "\(key): takes a username (2 to 32 letters, digits, '_' or '.').")
            }
            if key == "from" {
                if !query.authors.contains(name.lowercased()) { query.authors.append(name.lowercased()) }
                guard query.authors.count <= maxUsers else { throw .invalid(field, "At most \(maxUsers) from: filters.") }
            } else {
                if !query.mentions.contains(name.lowercased()) { query.mentions.append(name.lowercased()) }
                guard query.mentions.count <= maxUsers else { throw .invalid(field, "At most \(maxUsers) mentions: filters.") }
            }
        case "has":
            guard value.lowercased() == "link" else { throw .invalid(field, "has: takes link.") }
            query.hasLink = true
        case "pinned":
            switch value.lowercased() {
            case "true", "yes": query.pinned = true
            case "false", "no": query.pinned = false
            default: throw .invalid(field, "pinned: takes true or false.")
            }
        case "before":
            let bound = try SearchBounds.parse(value, field: field)
            query.beforeID = min(query.beforeID ?? bound.before, bound.before)
        case "after":
            let bound = try SearchBounds.parse(value, field: field)
            query.afterID = max(query.afterID ?? bound.after, bound.after)
        default:
            return false
        }
        return true
    }

    /// One whitespace-separated token; `"..."` groups a phrase, `key:"..."` a quoted value.
    private struct Token {
        var text: String
        var quoted: Bool
    }

    private static func tokens(_ text: String) throws(MessageError) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var inQuote = false
        var quotedWhole = false
        func flush() {
            if !current.isEmpty { tokens.append(Token(text: current, quoted: quotedWhole)) }
            current = ""
            quotedWhole = false
        }
        for character in text {
            if character == "\"" {
                if !inQuote, current.isEmpty { quotedWhole = true }
                inQuote.toggle()
                if !inQuote { flush() }
            } else if character.isWhitespace, !inQuote {
                flush()
            } else {
                current.append(character)
            }
        }
        guard !inQuote else { throw .invalid("q", "A quote is not closed.") }
        flush()
        return tokens
    }
}
