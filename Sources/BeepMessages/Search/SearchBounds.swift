import BeepPlatformCore

/// `before:` / `after:` values as id bounds: a message id, or a `YYYY-MM-DD` day in UTC.
/// `before:DAY` keeps messages sent before that day began; `after:DAY` keeps messages sent
/// after that day ended. Ids are compared directly (Snowflakes grow with time).
enum SearchBounds {
    /// The exclusive id bounds for `value`.
    static func parse(_ value: String, field: String) throws(MessageError) -> (before: Snowflake, after: Snowflake) {
        if let id = Snowflake(value) { return (id, id) }
        guard let day = dayStart(value) else {
            throw .invalid(field, "\(field.dropFirst(2)): takes a date (YYYY-MM-DD) or a message id.")
        }
        let start = firstID(atUnixMilliseconds: day)
        let nextStart = firstID(atUnixMilliseconds: day + 86_400_000)
        return (start, Snowflake(rawValue: nextStart.rawValue - 1))
    }

    /// The smallest Snowflake of a millisecond (clamped to the Snowflake's 41-bit time range).
    static func firstID(atUnixMilliseconds milliseconds: Int64) -> Snowflake {
        let since = min(max(0, milliseconds - Snowflake.epochMilliseconds), (Int64(1) << 41) - 1)
        return Snowflake(rawValue: since << 22)
    }

    /// Milliseconds since the Unix epoch at 00:00 UTC of a `YYYY-MM-DD` day (years 1970...9999).
    static func dayStart(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              let year = Int64(parts[0]), let month = Int64(parts[1]), let day = Int64(parts[2]),
              year >= 1970, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            return nil
        }
        return daysFromCivil(year: year, month: month, day: day) * 86_400_000
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
