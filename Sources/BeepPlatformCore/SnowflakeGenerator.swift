import Foundation
import Synchronization

/// Generates unique, increasing ``Snowflake``s for one node (thread-safe).
///
/// Up to 4096 ids per millisecond; past that, or when the clock goes backwards, it keeps
/// counting from the last millisecond it used, so ids never repeat and never decrease.
public final class SnowflakeGenerator: Sendable {
    private struct State {
        var lastMilliseconds: Int64 = -1
        var sequence: Int64 = 0
    }

    private let node: Int64
    private let state = Mutex(State())

    /// Creates a generator; `node` is reduced to its low 10 bits (0...1023).
    public init(node: UInt16 = 0) {
        self.node = Int64(node & 0x3FF)
    }

    /// The next id at time `now`.
    public func next(now: Date = Date()) -> Snowflake {
        let wall = now.timeIntervalSince1970 * 1000
        let unixMilliseconds = wall.isFinite ? Int64(max(0, min(wall, 4.0e15))) : 0
        let sinceEpoch = max(0, unixMilliseconds - Snowflake.epochMilliseconds)
        let (milliseconds, sequence) = state.withLock { state -> (Int64, Int64) in
            if sinceEpoch > state.lastMilliseconds {
                state.lastMilliseconds = sinceEpoch
                state.sequence = 0
            } else {
                state.sequence += 1
                if state.sequence > 0xFFF {
                    state.lastMilliseconds += 1
                    state.sequence = 0
                }
            }
            return (state.lastMilliseconds, state.sequence)
        }
        let clamped = min(milliseconds, (Int64(1) << 41) - 1)
        return Snowflake(rawValue: clamped << 22 | node << 12 | sequence)
    }
}
