import BeepWire

/// The deterministic generator tests use so randomized tests replay the same inputs.
public typealias SeededGenerator = SplitMix64
