/// Port ranges as operators type them on the command line (`8801-8810`, `3478`).
public enum PortRangeText {
    /// Parses `first-last` or a single port; nil unless 0 ≤ first ≤ last ≤ 65535.
    public static func parse(_ text: String) -> ClosedRange<Int>? {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            .map { Int(String($0.filter { $0 != " " })) }
        guard let first = parts.first ?? nil, (0...65535).contains(first) else { return nil }
        let last = parts.count == 2 ? parts[1] : first
        guard let last, last >= first, last <= 65535 else { return nil }
        return first...last
    }
}
