/// Small text helpers shared by the SDP parsers: strict decimal numbers and field splitting.
/// Pure Swift; nothing here can trap on any input.
enum SDPText {
    /// Parses ASCII decimal digits only (no sign, no spaces) into `T`, naming `field` in errors.
    static func number<T: FixedWidthInteger & UnsignedInteger>(
        _ text: Substring, as type: T.Type = T.self, field: String
    ) throws(SDPParseError) -> T {
        guard !text.isEmpty else {
            throw SDPParseError(.invalidNumber, "\(field) is empty")
        }
        var value: UInt64 = 0
        var overflow = false
        for byte in text.utf8 {
            guard byte >= 0x30, byte <= 0x39 else {
                throw SDPParseError(.invalidNumber, "\(field) '\(clip(text))' is not a decimal number")
            }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte &- 0x30))
            if o1 || o2 { overflow = true }
            value = sum
        }
        guard !overflow, let result = T(exactly: value) else {
            throw SDPParseError(.outOfRange, "\(field) '\(clip(text))' is out of range")
        }
        return result
    }

    /// Parses a number and checks it lies in `range`.
    static func number<T: FixedWidthInteger & UnsignedInteger>(
        _ text: Substring, in range: ClosedRange<T>, field: String
    ) throws(SDPParseError) -> T {
        let value: T = try number(text, field: field)
        guard range.contains(value) else {
            throw SDPParseError(.outOfRange, "\(field) \(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// An RTP payload type: 0...127 (RFC 3550 §5.1, 7 bits).
    static func payloadType(_ text: Substring) throws(SDPParseError) -> UInt8 {
        try number(text, in: UInt8(0)...UInt8(127), field: "payload type")
    }

    /// Splits on spaces, dropping empty fields (so runs of spaces count as one separator).
    static func fields(_ text: Substring) -> [Substring] {
        split(text, on: " ", omittingEmpty: true)
    }

    /// Splits on an ASCII separator. Works on Unicode scalars, not grapheme clusters, so a combining
    /// mark after a separator cannot hide it.
    static func split(_ text: Substring, on separator: Unicode.Scalar, omittingEmpty: Bool) -> [Substring] {
        text.unicodeScalars.split(separator: separator, omittingEmptySubsequences: omittingEmpty)
            .map { Substring($0) }
    }

    /// Splits at the first `separator` (an ASCII scalar): the text before it and, if present, the
    /// text after it.
    static func splitOnce(_ text: Substring, at separator: Unicode.Scalar) -> (Substring, Substring?) {
        let scalars = text.unicodeScalars
        guard let index = scalars.firstIndex(of: separator) else { return (text, nil) }
        return (text[text.startIndex..<index], text[scalars.index(after: index)...])
    }

    /// Whether `text` contains the ASCII scalar `scalar`.
    static func contains(_ text: Substring, _ scalar: Unicode.Scalar) -> Bool {
        text.unicodeScalars.contains(scalar)
    }

    /// Removes leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> Substring {
        var result = text
        while let first = result.unicodeScalars.first, first == " " || first == "\t" {
            result = Substring(result.unicodeScalars.dropFirst())
        }
        while let last = result.unicodeScalars.last, last == " " || last == "\t" {
            result = Substring(result.unicodeScalars.dropLast())
        }
        return result
    }

    /// Requires at least `count` fields, naming `what` in the error.
    static func require(_ fields: [Substring], atLeast count: Int, _ what: String) throws(SDPParseError) {
        guard fields.count >= count else {
            throw SDPParseError(.missingField, "\(what) needs at least \(count) fields, has \(fields.count)")
        }
    }

    /// A prefix of `text` short enough for an error message.
    static func clip(_ text: Substring) -> String {
        text.count > 40 ? String(text.prefix(40)) + "..." : String(text)
    }
}
