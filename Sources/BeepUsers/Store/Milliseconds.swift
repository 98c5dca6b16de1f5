import Foundation

/// Times are stored as BIGINT milliseconds since the Unix epoch on both dialects.
enum Milliseconds {
    static func from(_ date: Date) -> Int64 {
        let value = date.timeIntervalSince1970 * 1000
        guard value.isFinite else { return 0 }
        return Int64(max(-9.0e15, min(value, 9.0e15)))
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
