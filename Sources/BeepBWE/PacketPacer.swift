import BeepWire

/// A send-side pacer for one transport, sans-IO (docs/bandwidth-estimation.md "Pacer"): packets
/// go in with ``enqueue(_:size:kind:now:)`` and come out with ``dequeue(now:)`` no faster than
/// the pacing rate, ``PacketPacerConfiguration/pacingFactor`` × the target bitrate (the
/// estimate). A key frame's burst then reaches the bottleneck spread over time instead of
/// overflowing its queue at once (draft-ietf-rmcat-gcc-02 §4: "the sender … uses a pacer";
/// libwebrtc's PacingController uses the same factor 2.5).
///
/// - Order: audio first, then retransmissions, then video (each FIFO).
/// - Retransmissions spend a budget of ``PacketPacerConfiguration/retransmissionShare`` × the
///   target per second (a token bucket holding at most one second of it); one that does not
///   fit is refused, so that answering a burst of NACKs cannot flood a path the estimate
///   says is narrow (libwebrtc caps retransmissions at the target rate likewise).
/// - No packet waits longer than ``PacketPacerConfiguration/maximumQueueTime``: when the
///   queue would not drain before its oldest packet has waited that long, the rate rises.
public struct PacketPacer<Packet: Sendable>: Sendable {
    /// The pacer's parameters.
    public let configuration: PacketPacerConfiguration
    /// The estimate the pacing rate follows, bits per second.
    public private(set) var targetBitrate: Int64
    /// Retransmissions refused for lack of budget.
    public private(set) var refusedRetransmissions: UInt64 = 0

    private var audio = PacedQueue<Packet>()
    private var retransmissions = PacedQueue<Packet>()
    private var video = PacedQueue<Packet>()
    /// When the next packet may leave (the previous ones' serialisation at the pacing rate).
    private var nextSendAt: MonotonicTime?
    private var retransmissionTokens: Double
    private var tokensUpdatedAt: MonotonicTime?

    /// A pacer following `targetBitrate` (bits per second) until ``setTargetBitrate(_:)``.
    public init(targetBitrate: Int64, configuration: PacketPacerConfiguration = PacketPacerConfiguration()) {
        self.configuration = configuration
        self.targetBitrate = max(targetBitrate, 1)
        retransmissionTokens = Double(max(targetBitrate, 1)) * configuration.retransmissionShare
    }

    /// Follows a new estimate.
    public mutating func setTargetBitrate(_ bitrate: Int64) { targetBitrate = max(bitrate, 1) }

    /// The rate packets leave at `now`, bits per second: the pacing factor × the target, at
    /// least ``PacketPacerConfiguration/minimumPacingRate``, raised so that the queue drains
    /// before its oldest packet has waited ``PacketPacerConfiguration/maximumQueueTime``
    /// (libwebrtc's queue time limit).
    public func pacingRate(now: MonotonicTime) -> Int64 {
        let paced = max(Double(targetBitrate) * configuration.pacingFactor, Double(configuration.minimumPacingRate))
        guard let oldest = [audio.oldest, retransmissions.oldest, video.oldest].compactMap({ $0 }).min() else {
            return Int64(saturating: paced)
        }
        let left = max((configuration.maximumQueueTime - (now - oldest)).milliseconds, 1) / 1000
        return Int64(saturating: min(max(paced, Double(queuedBytes) * 8 / left), 1e12))
    }

    /// Bytes waiting.
    public var queuedBytes: Int { audio.bytes + retransmissions.bytes + video.bytes }

    /// Packets waiting.
    public var queuedPackets: Int { audio.count + retransmissions.count + video.count }

    /// Queues one packet of `size` bytes (its size on the wire). Returns false when a
    /// retransmission is refused for lack of budget (nothing is queued then).
    @discardableResult
    public mutating func enqueue(_ packet: Packet, size: Int, kind: PacedPacketKind, now: MonotonicTime) -> Bool {
        let entry = PacedEntry(packet: packet, size: max(size, 0), enqueuedAt: now)
        switch kind {
        case .audio: audio.append(entry)
        case .video: video.append(entry)
        case .retransmission:
            refillTokens(now: now)
            let bits = Double(entry.size) * 8
            guard retransmissionTokens >= bits else {
                refusedRetransmissions &+= 1
                return false
            }
            retransmissionTokens -= bits
            retransmissions.append(entry)
        }
        return true
    }

    /// The next packet allowed to leave at `now`, highest priority first; nil when none is.
    /// With `audioOnly` (the sender's congestion window is full,
    /// ``SendSideBandwidthEstimator/holdsMedia(now:)``) only audio leaves; video and
    /// retransmissions wait.
    public mutating func dequeue(now: MonotonicTime, audioOnly: Bool = false) -> (packet: Packet, kind: PacedPacketKind)? {
        guard audioOnly ? audio.count > 0 : queuedPackets > 0 else { return nil }
        if let nextSendAt, nextSendAt > now { return nil }
        let rate = pacingRate(now: now)
        let entry: PacedEntry<Packet>
        let kind: PacedPacketKind
        if let next = audio.popFirst() {
            (entry, kind) = (next, .audio)
        } else if audioOnly {
            return nil
        } else if let next = retransmissions.popFirst() {
            (entry, kind) = (next, .retransmission)
        } else if let next = video.popFirst() {
            (entry, kind) = (next, .video)
        } else {
            return nil
        }
        // A sender idle for a while does not bank the idle time beyond a small burst.
        let burstFloor = now - configuration.burst
        let start = max(nextSendAt ?? burstFloor, burstFloor)
        let (product, overflow) = Int64(entry.size).multipliedReportingOverflow(by: 8_000_000_000)
        let serialisation = overflow ? Int64.max / 4 : product / max(rate, 1)
        nextSendAt = MonotonicTime(nanoseconds: start.nanoseconds &+ serialisation)
        return (entry.packet, kind)
    }

    /// When ``dequeue(now:audioOnly:)`` has a packet next; nil when the queue (its audio with
    /// `audioOnly`) is empty.
    public func nextSendTime(audioOnly: Bool = false) -> MonotonicTime? {
        guard audioOnly ? audio.count > 0 : queuedPackets > 0 else { return nil }
        return nextSendAt ?? .zero
    }

    private mutating func refillTokens(now: MonotonicTime) {
        let perSecond = Double(targetBitrate) * configuration.retransmissionShare
        if let last = tokensUpdatedAt, now > last {
            let seconds = Double(now.nanoseconds &- last.nanoseconds) / 1e9
            retransmissionTokens = min(retransmissionTokens + perSecond * seconds, perSecond)
        } else if tokensUpdatedAt == nil {
            retransmissionTokens = min(retransmissionTokens, perSecond)
        }
        tokensUpdatedAt = max(tokensUpdatedAt ?? now, now)
    }
}

/// What a paced packet carries: its queue and budget.
public enum PacedPacketKind: Sendable, Hashable {
    /// Audio: sent first.
    case audio
    /// A NACK's answer: second, within the retransmission budget.
    case retransmission
    /// New video.
    case video
}

/// The ``PacketPacer``'s parameters.
public struct PacketPacerConfiguration: Sendable, Hashable {
    /// Pacing rate / target bitrate (libwebrtc: 2.5).
    public var pacingFactor: Double
    /// The least pacing rate, bits per second (the estimate's start phase and tiny estimates).
    public var minimumPacingRate: Int64
    /// Retransmissions per second, as a share of the target bitrate.
    public var retransmissionShare: Double
    /// The longest a queue is let to hold at the pacing rate before the rate rises.
    public var maximumQueueTime: Duration
    /// How far back an idle pacer may send at once (a burst of this much time at the rate).
    public var burst: Duration

    /// Parameters with the given values.
    public init(pacingFactor: Double = 2.5, minimumPacingRate: Int64 = 100_000, retransmissionShare: Double = 0.5,
                maximumQueueTime: Duration = .milliseconds(500), burst: Duration = .milliseconds(5)) {
        self.pacingFactor = pacingFactor
        self.minimumPacingRate = minimumPacingRate
        self.retransmissionShare = retransmissionShare
        self.maximumQueueTime = maximumQueueTime
        self.burst = burst
    }
}

/// One queued packet, its size on the wire and when it was queued.
struct PacedEntry<Packet: Sendable>: Sendable {
    var packet: Packet
    var size: Int
    var enqueuedAt: MonotonicTime
}

/// A FIFO of paced packets with their total size (amortised O(1) pops).
struct PacedQueue<Packet: Sendable>: Sendable {
    private var entries: [PacedEntry<Packet>] = []
    private var head = 0
    /// Bytes held.
    private(set) var bytes = 0

    var count: Int { entries.count - head }

    /// When the packet at the head was queued; nil when empty.
    var oldest: MonotonicTime? { head < entries.count ? entries[head].enqueuedAt : nil }

    mutating func append(_ entry: PacedEntry<Packet>) {
        entries.append(entry)
        bytes += entry.size
    }

    mutating func popFirst() -> PacedEntry<Packet>? {
        guard head < entries.count else { return nil }
        let entry = entries[head]
        head += 1
        bytes -= entry.size
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
        return entry
    }
}
