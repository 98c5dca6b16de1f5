extension SessionDescription {
    /// Parses a session description (RFC 8866 §5). Fuzz-friendly entry point: never traps.
    ///
    /// Accepts CRLF or bare LF line endings (and a last line without one). Rejects: input over
    /// `SDPLimits.maxBytes` or `SDPLimits.maxLines`; empty lines or lines without `<type>=`; type
    /// letters RFC 8866 §5 does not define; lines out of the §5 order; malformed known fields and
    /// attributes. Errors carry the 1-based line number.
    public static func parse(_ text: String) throws(SDPParseError) -> SessionDescription {
        guard text.utf8.count <= SDPLimits.maxBytes else {
            throw SDPParseError(.tooLarge, "description is \(text.utf8.count) bytes, limit \(SDPLimits.maxBytes)")
        }
        var builder = SDPBuilder()
        var lineNumber = 0
        var start = text.startIndex
        let utf8 = text.utf8
        while start < text.endIndex {
            lineNumber += 1
            guard lineNumber <= SDPLimits.maxLines else {
                throw SDPParseError(.tooLarge, "more than \(SDPLimits.maxLines) lines", line: lineNumber)
            }
            let newline = utf8[start...].firstIndex(of: 0x0A) ?? text.endIndex
            var end = newline
            if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
            let line = text[start..<end]
            start = newline < text.endIndex ? utf8.index(after: newline) : text.endIndex
            do {
                try builder.add(line)
            } catch {
                throw error.at(line: lineNumber)
            }
        }
        do {
            return try builder.finish()
        } catch {
            throw error.at(line: lineNumber)
        }
    }

    /// Parses a session description from UTF-8 bytes; invalid UTF-8 throws `.invalidEncoding`.
    public static func parse(_ bytes: [UInt8]) throws(SDPParseError) -> SessionDescription {
        guard bytes.count <= SDPLimits.maxBytes else {
            throw SDPParseError(.tooLarge, "description is \(bytes.count) bytes, limit \(SDPLimits.maxBytes)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SDPParseError(.invalidEncoding, "description is not valid UTF-8")
        }
        return try parse(text)
    }
}

/// Accumulates lines into a `SessionDescription`, enforcing the RFC 8866 §5 line order.
private struct SDPBuilder {
    /// Session-level order: v o s i u e p c b (t r)* z k a* (RFC 8866 §5).
    private static let sessionRank: [UInt8: Int] = [
        UInt8(ascii: "v"): 0, UInt8(ascii: "o"): 1, UInt8(ascii: "s"): 2, UInt8(ascii: "i"): 3,
        UInt8(ascii: "u"): 4, UInt8(ascii: "e"): 5, UInt8(ascii: "p"): 6, UInt8(ascii: "c"): 7,
        UInt8(ascii: "b"): 8, UInt8(ascii: "t"): 9, UInt8(ascii: "r"): 10, UInt8(ascii: "z"): 11,
        UInt8(ascii: "k"): 12, UInt8(ascii: "a"): 13,
    ]
    /// Media-level order: m i c* b* k a* (RFC 8866 §5).
    private static let mediaRank: [UInt8: Int] = [
        UInt8(ascii: "m"): 0, UInt8(ascii: "i"): 1, UInt8(ascii: "c"): 2, UInt8(ascii: "b"): 3,
        UInt8(ascii: "k"): 4, UInt8(ascii: "a"): 5,
    ]
    /// Line types that may repeat in place.
    private static let repeatable: Set<UInt8> = [
        UInt8(ascii: "e"), UInt8(ascii: "p"), UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "r"),
        UInt8(ascii: "a"),
    ]
    private static let knownTypes: Set<UInt8> = Set("vosiuepcbtrzkam".utf8)

    private var session = SessionDescription(origin: Origin(sessionID: 0, sessionVersion: 0), timings: [])
    private var seenVersion = false
    private var seenOrigin = false
    private var seenName = false
    private var lastSessionRank = -1
    private var lastSessionType: UInt8 = 0
    private var current: MediaDescription?
    private var lastMediaRank = -1

    mutating func add(_ line: Substring) throws(SDPParseError) {
        let bytes = line.utf8
        guard let type = bytes.first else { throw SDPParseError(.malformedLine, "empty line") }
        guard bytes.count >= 2, bytes[bytes.index(after: bytes.startIndex)] == UInt8(ascii: "=") else {
            throw SDPParseError(.malformedLine, "line '\(SDPText.clip(line))' is not <type>=<value>")
        }
        guard !bytes.contains(where: { $0 == 0x00 || $0 == 0x0D }) else {
            throw SDPParseError(.invalidEncoding, "line holds a NUL or bare CR")
        }
        guard Self.knownTypes.contains(type) else {
            throw SDPParseError(.unknownLineType, "unknown line type '\(SDPText.clip(line.prefix(1)))='")
        }
        let value = line[bytes.index(bytes.startIndex, offsetBy: 2)...]
        if type == UInt8(ascii: "m") {
            try startMedia(value)
        } else if current != nil {
            try addMediaLine(type, value)
        } else {
            try addSessionLine(type, value)
        }
    }

    private mutating func checkSessionOrder(_ type: UInt8) throws(SDPParseError) {
        guard let rank = Self.sessionRank[type] else {
            throw SDPParseError(.outOfOrder, "'\(Character(Unicode.Scalar(type)))=' is not allowed at session level")
        }
        if lastSessionRank < 0 && type != UInt8(ascii: "v") {
            throw SDPParseError(.outOfOrder, "description must start with v=")
        }
        let tAfterR = type == UInt8(ascii: "t") && lastSessionType == UInt8(ascii: "r")
        if rank < lastSessionRank && !tAfterR {
            throw SDPParseError(.outOfOrder, "'\(Character(Unicode.Scalar(type)))=' is out of order (RFC 8866 §5)")
        }
        if rank == lastSessionRank && !Self.repeatable.contains(type) {
            throw SDPParseError(.outOfOrder, "'\(Character(Unicode.Scalar(type)))=' appears twice")
        }
        lastSessionRank = rank
        lastSessionType = type
    }

    private mutating func addSessionLine(_ type: UInt8, _ value: Substring) throws(SDPParseError) {
        try checkSessionOrder(type)
        switch type {
        case UInt8(ascii: "v"):
            guard value == "0" else { throw SDPParseError(.invalidValue, "v= must be 0") }
            seenVersion = true
        case UInt8(ascii: "o"):
            session.origin = try Origin.parse(value)
            seenOrigin = true
        case UInt8(ascii: "s"):
            session.sessionName = String(value)
            seenName = true
        case UInt8(ascii: "i"): session.information = String(value)
        case UInt8(ascii: "u"): session.uri = String(value)
        case UInt8(ascii: "e"): session.emails.append(String(value))
        case UInt8(ascii: "p"): session.phones.append(String(value))
        case UInt8(ascii: "c"): session.connection = try ConnectionData.parse(value)
        case UInt8(ascii: "b"): session.bandwidths.append(try Bandwidth.parse(value))
        case UInt8(ascii: "t"): session.timings.append(try Timing.parse(value))
        case UInt8(ascii: "r"):
            guard !session.timings.isEmpty else { throw SDPParseError(.outOfOrder, "r= without t=") }
            session.timings[session.timings.count - 1].repeats.append(String(value))
        case UInt8(ascii: "z"): session.timeZones = String(value)
        case UInt8(ascii: "k"): session.encryptionKey = String(value)
        default: session.attributes.append(try SDPAttribute.parse(value))
        }
        if type == UInt8(ascii: "o") && !seenVersion || type == UInt8(ascii: "s") && !seenOrigin {
            throw SDPParseError(.outOfOrder, "v=, o=, s= must come first, in that order")
        }
    }

    private mutating func startMedia(_ value: Substring) throws(SDPParseError) {
        try checkHeaderComplete()
        if let current { session.media.append(current) }
        current = try MediaDescription.parse(mediaLine: value)
        lastMediaRank = 0
    }

    private mutating func addMediaLine(_ type: UInt8, _ value: Substring) throws(SDPParseError) {
        guard let rank = Self.mediaRank[type] else {
            throw SDPParseError(.outOfOrder, "'\(Character(Unicode.Scalar(type)))=' is not allowed in a media section")
        }
        let repeats = Self.repeatable.contains(type) || type == UInt8(ascii: "c")
        if rank < lastMediaRank || (rank == lastMediaRank && !repeats) {
            throw SDPParseError(.outOfOrder, "'\(Character(Unicode.Scalar(type)))=' is out of order in a media section")
        }
        lastMediaRank = rank
        switch type {
        case UInt8(ascii: "i"): current?.information = String(value)
        case UInt8(ascii: "c"): current?.connections.append(try ConnectionData.parse(value))
        case UInt8(ascii: "b"): current?.bandwidths.append(try Bandwidth.parse(value))
        case UInt8(ascii: "k"): current?.encryptionKey = String(value)
        default: current?.attributes.append(try SDPAttribute.parse(value))
        }
    }

    private func checkHeaderComplete() throws(SDPParseError) {
        guard seenVersion else { throw SDPParseError(.outOfOrder, "missing v= line") }
        guard seenOrigin else { throw SDPParseError(.outOfOrder, "missing o= line") }
        guard seenName else { throw SDPParseError(.outOfOrder, "missing s= line") }
        guard !session.timings.isEmpty else { throw SDPParseError(.outOfOrder, "missing t= line") }
    }

    mutating func finish() throws(SDPParseError) -> SessionDescription {
        try checkHeaderComplete()
        if let current { session.media.append(current) }
        current = nil
        return session
    }
}
