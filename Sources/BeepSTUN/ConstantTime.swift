/// Comparison whose running time depends only on the lengths, not on where inputs differ,
/// for checking MACs (RFC 8489 §14.5 and §14.6 leave timing to the implementation; a
/// data-dependent early exit would leak how many MAC bytes an attacker guessed right).
enum ConstantTime {
    /// True when both have the same length and the same bytes. The length is not secret.
    static func equals<A: Collection, B: Collection>(_ lhs: A, _ rhs: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }
}
