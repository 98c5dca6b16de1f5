/// A small deterministic 64-bit generator (SplitMix64, Steele, Lea and Flood 2014). Protocol
/// machines derive their own generators from a caller's with it, so a seeded test replays the
/// same schedule; it is not a cryptographic generator (keys and ICE passwords never use it).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
