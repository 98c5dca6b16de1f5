import BeepWire

/// The test hook in the SFU's send path (issue 5 item 7, docs/bandwidth-estimation.md
/// "Test hook"): per subscriber, a bottleneck link emulated on loopback. Off unless the
/// process runs with `BEEP_TEST_HOOKS=1` and a test sets it through
/// `POST /admin/test/link`. Sans-IO: datagrams go in with ``enqueue(_:now:)`` and come out
/// with ``dequeue(now:)`` once the link has carried them.
///
/// - Bandwidth cap: a FIFO drained at `bitsPerSecond` (the time a datagram needs on the
///   link); a datagram that would wait longer than `maximumQueueDelay` is dropped (tail drop).
/// - Random drop: each RTP datagram is lost with probability `dropRate` (RTCP, STUN and DTLS
///   pass, so the transport survives).
/// - Delay: every datagram is held `delay` longer.
struct LinkTestHook<Destination: Sendable>: Sendable {
    /// What the test asked for.
    typealias Settings = LinkTestSettings

    private(set) var settings: Settings
    private var queue: [(release: MonotonicTime, destination: Destination, datagram: [UInt8])] = []
    private var head = 0
    /// When the link finishes sending what it already holds.
    private var linkFreeAt = MonotonicTime.zero
    private var random: SystemRandomNumberGenerator
    /// Datagrams dropped by the cap (queue full) and by the random drop.
    private(set) var droppedByCap: UInt64 = 0
    private(set) var droppedRandomly: UInt64 = 0

    init(settings: Settings) {
        self.settings = settings
        random = SystemRandomNumberGenerator()
    }

    /// Replaces the settings; datagrams already queued keep their release times.
    mutating func update(_ settings: Settings) { self.settings = settings }

    /// Takes one datagram leaving the SFU at `now`.
    mutating func enqueue(_ datagram: [UInt8], to destination: Destination, now: MonotonicTime) {
        if settings.dropRate > 0, Self.isRTP(datagram), Double.random(in: 0..<1, using: &random) < settings.dropRate {
            droppedRandomly &+= 1
            return
        }
        var departs = now
        if let rate = settings.bitsPerSecond, rate > 0 {
            let start = max(now, linkFreeAt)
            let wait = start.nanoseconds &- now.nanoseconds
            guard wait <= settings.maximumQueueMilliseconds &* 1_000_000 else {
                droppedByCap &+= 1
                return
            }
            let bits = Int64(datagram.count) &* 8
            let serialisation = bits.multipliedReportingOverflow(by: 1_000_000_000).partialValue / rate
            departs = MonotonicTime(nanoseconds: start.nanoseconds &+ serialisation)
            linkFreeAt = departs
        }
        let release = MonotonicTime(nanoseconds: departs.nanoseconds &+ max(0, settings.delayMilliseconds) &* 1_000_000)
        queue.append((release, destination, datagram))
    }

    /// The next datagram the link delivers by `now`, in order.
    mutating func dequeue(now: MonotonicTime) -> (destination: Destination, datagram: [UInt8])? {
        guard head < queue.count, queue[head].release <= now else {
            if head > 0, head >= queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            }
            return nil
        }
        let entry = (queue[head].destination, queue[head].datagram)
        head += 1
        if head > 256, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return entry
    }

    /// When the next queued datagram is due; nil when empty.
    var nextRelease: MonotonicTime? { head < queue.count ? queue[head].release : nil }

    /// RTP rather than RTCP, STUN or DTLS (RFC 7983 §7, RFC 5761 §4) — after SRTP the header stays clear.
    static func isRTP(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && (128...191).contains(bytes[0]) && !(192...223).contains(bytes[1])
    }
}
