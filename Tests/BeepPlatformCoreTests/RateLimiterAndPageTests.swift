import BeepPlatformCore
import Foundation
import Testing

@Suite struct RateLimiterTests {
    @Test func burstThenRetryAfterThenRefill() {
        let limiter = RateLimiter(capacity: 3, refillPerSecond: 0.5)
        let t0 = Date(timeIntervalSince1970: 1000)
        for _ in 0..<3 { #expect(limiter.take("k", now: t0) == .allowed) }
        #expect(limiter.take("k", now: t0) == .limited(retryAfter: 2))
        #expect(limiter.take("other", now: t0) == .allowed)
        #expect(limiter.take("k", now: t0.addingTimeInterval(1)) == .limited(retryAfter: 1))
        #expect(limiter.take("k", now: t0.addingTimeInterval(2.1)) == .allowed)
        #expect(limiter.take("k", now: t0.addingTimeInterval(2.1)) == .limited(retryAfter: 2))
    }

    @Test func checkThrows429WithRetryAfter() {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 0.1)
        let now = Date()
        #expect(throws: Never.self) { try limiter.check("a", now: now) }
        #expect(throws: APIError.tooManyRequests(retryAfter: 10)) { try limiter.check("a", now: now) }
    }

    @Test func memoryIsBounded() {
        let limiter = RateLimiter(capacity: 2, refillPerSecond: 1, maxKeys: 100)
        let now = Date()
        for index in 0..<1000 { _ = limiter.take("key\(index)", now: now.addingTimeInterval(Double(index) / 1000)) }
        // Pruning keeps the newest buckets: key999 still has one token left, then it is limited.
        let end = now.addingTimeInterval(0.999)
        #expect(limiter.take("key999", now: end) == .allowed)
        #expect(limiter.take("key999", now: end) == .limited(retryAfter: 1))
    }

    @Test func resetForgetsAKey() {
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 0.01)
        let now = Date()
        #expect(limiter.take("a", now: now) == .allowed)
        #expect(limiter.take("a", now: now) != .allowed)
        limiter.reset("a")
        #expect(limiter.take("a", now: now) == .allowed)
    }
}

@Suite struct PageTests {
    struct Item: Codable, Sendable, Equatable { var id: Int }

    @Test func oneMoreThanTheLimitMeansAnotherPage() {
        let fetched = (1...4).map(Item.init)
        let page = Page(fetched: fetched, limit: 3) { String($0.id) }
        #expect(page.items == Array(fetched.prefix(3)))
        #expect(page.nextCursor == "3")
        let last = Page(fetched: Array(fetched.prefix(3)), limit: 3) { String($0.id) }
        #expect(last.nextCursor == nil)
        #expect(last.items.count == 3)
    }

    @Test(arguments: [(-5, 1), (0, 1), (1, 1), (100, 100), (101, 100), (Int.max, 100)])
    func limitIsClamped(input: Int, expected: Int) {
        #expect(PageRequest(limit: input).limit == expected)
    }

    @Test func jsonShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(Page(items: [Item(id: 1)], nextCursor: "1")), as: UTF8.self)
        #expect(json == #"{"items":[{"id":1}],"nextCursor":"1"}"#)
    }
}
