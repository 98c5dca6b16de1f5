import Foundation
import Synchronization

/// The outcome of ``RateLimiter/take(_:cost:now:)``.
public enum RateLimitDecision: Sendable, Equatable {
    /// Go ahead.
    case allowed
    /// Refused; retry after this many whole seconds (>= 1).
    case limited(retryAfter: Int)
}

/// A token bucket per key (user id, IP, email hash...): `capacity` requests at once, refilled
/// at `refillPerSecond`. Thread-safe; copies share the same buckets.
///
/// Memory is bounded: past `maxKeys` buckets, full (idle) buckets are dropped, and if that is
/// not enough the oldest are dropped.
public struct RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Date
    }

    private final class Storage: Sendable {
        let buckets = Mutex<[String: Bucket]>([:])
    }

    /// Burst size.
    public let capacity: Double
    /// Tokens regained per second.
    public let refillPerSecond: Double
    /// Most keys tracked at once.
    public let maxKeys: Int
    private let storage = Storage()

    /// Creates a limiter (`capacity` >= 1, `refillPerSecond` > 0 are enforced).
    public init(capacity: Int, refillPerSecond: Double, maxKeys: Int = 100_000) {
        self.capacity = Double(max(1, capacity))
        self.refillPerSecond = refillPerSecond > 0 && refillPerSecond.isFinite ? refillPerSecond : 1
        self.maxKeys = max(16, maxKeys)
    }

    /// Takes `cost` tokens from `key`'s bucket at `now`.
    public func take(_ key: String, cost: Double = 1, now: Date = Date()) -> RateLimitDecision {
        let capacity = self.capacity, refill = self.refillPerSecond, maxKeys = self.maxKeys
        let cost = cost.isFinite && cost > 0 ? min(cost, capacity) : 1
        return storage.buckets.withLock { buckets -> RateLimitDecision in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = max(0, now.timeIntervalSince(bucket.updated))
            bucket.tokens = min(capacity, bucket.tokens + elapsed * refill)
            bucket.updated = max(bucket.updated, now)
            let decision: RateLimitDecision
            if bucket.tokens >= cost {
                bucket.tokens -= cost
                decision = .allowed
            } else {
                let wait = (cost - bucket.tokens) / refill
                decision = .limited(retryAfter: max(1, Int(min(wait, 86_400).rounded(.up))))
            }
            buckets[key] = bucket
            if buckets.count > maxKeys { Self.prune(&buckets, now: now, capacity: capacity, refill: refill, maxKeys: maxKeys) }
            return decision
        }
    }

    /// Takes one token or throws ``APIError/tooManyRequests(retryAfter:)``.
    public func check(_ key: String, now: Date = Date()) throws(APIError) {
        if case .limited(let retryAfter) = take(key, now: now) {
            throw APIError.tooManyRequests(retryAfter: retryAfter)
        }
    }

    /// Forgets `key` (e.g. after a successful sign-in).
    public func reset(_ key: String) {
        _ = storage.buckets.withLock { $0.removeValue(forKey: key) }
    }

    private static func prune(_ buckets: inout [String: Bucket], now: Date, capacity: Double, refill: Double, maxKeys: Int) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + max(0, now.timeIntervalSince(bucket.updated)) * refill < capacity
        }
        if buckets.count > maxKeys {
            let keep = buckets.sorted { $0.value.updated > $1.value.updated }.prefix(maxKeys / 2)
            buckets = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }
}
