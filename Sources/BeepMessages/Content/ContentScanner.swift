/// What a message's markdown refers to, before resolution: `@username`s, `@everyone`,
/// `#channel` tags and links. Text inside code spans and fenced code blocks is skipped.
public struct ScannedContent: Sendable, Hashable {
    /// Lowercased usernames after `@`, distinct, in order of appearance.
    public var usernames: [String] = []
    /// Whether `@everyone` (or `@here`) appears.
    public var mentionsEveryone = false
    /// Lowercased `#tag` names, distinct, in order of appearance.
    public var channelTags: [String] = []
    /// Whether an `http://` or `https://` link appears.
    public var hasLink = false

    /// Scans `content` (linear in its length; never fails).
    public init(scanning content: String) {
        let scalars = Array(content.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let startsWord = index == 0 || !Self.isWordScalar(scalars[index - 1])
            if scalar == "`" {
                index = Self.skipCode(scalars, from: index)
            } else if scalar == "\\" {
                index += 2
            } else if scalar == "@", startsWord {
                let (name, end) = Self.run(scalars, from: index + 1, allowed: Self.isUsernameScalar)
                let trimmed = String(name.drop(while: { $0 == "." }).reversed().drop(while: { $0 == "." }).reversed())
                let lower = trimmed.lowercased()
                if lower == "everyone" || lower == "here" {
                    mentionsEveryone = true
                } else if (2...32).contains(lower.utf8.count), !usernames.contains(lower) {
                    usernames.append(lower)
                }
                index = max(end, index + 1)
            } else if scalar == "#", startsWord {
                let (name, end) = Self.run(scalars, from: index + 1, allowed: Self.isTagScalar)
                let lower = name.lowercased()
                if !lower.isEmpty, lower.count <= 100, !channelTags.contains(lower) { channelTags.append(lower) }
                index = max(end, index + 1)
            } else if (scalar == "h" || scalar == "H"), startsWord, Self.startsLink(scalars, at: index) {
                hasLink = true
                index += 1
            } else {
                index += 1
            }
        }
    }

    /// After a run of N backticks, skips to just past the next run of exactly N backticks
    /// (a code span or fence); an unclosed run is plain text.
    private static func skipCode(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var open = start
        while open < scalars.count, scalars[open] == "`" { open += 1 }
        let width = open - start
        var index = open
        while index < scalars.count {
            guard scalars[index] == "`" else { index += 1; continue }
            var close = index
            while close < scalars.count, scalars[close] == "`" { close += 1 }
            if close - index == width { return close }
            index = close
        }
        return open
    }

    private static func run(_ scalars: [Unicode.Scalar], from start: Int,
                            allowed: (Unicode.Scalar) -> Bool) -> (String, Int) {
        var index = start
        var text = String.UnicodeScalarView()
        while index < scalars.count, allowed(scalars[index]) {
            text.append(scalars[index])
            index += 1
        }
        return (String(text), index)
    }

    private static func startsLink(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        for prefix in ["http://", "https://"] {
            let expected = Array(prefix.unicodeScalars)
            guard index + expected.count < scalars.count else { continue }
            let matches = expected.indices.allSatisfy { offset in
                Character(scalars[index + offset]).lowercased() == Character(expected[offset]).lowercased()
            }
            if matches, !scalars[index + expected.count].properties.isWhitespace { return true }
        }
        return false
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
    }

    private static func isUsernameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == ".")
    }

    private static func isTagScalar(_ scalar: Unicode.Scalar) -> Bool {
        isWordScalar(scalar) || scalar == "-"
    }
}
