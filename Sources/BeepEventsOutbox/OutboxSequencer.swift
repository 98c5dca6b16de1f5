/// Puts outbox records back in stream order, sans-IO (docs/events.md, "Across processes").
///
/// Remembers, per stream, the last sequence number delivered. A record at or below it is a
/// duplicate (dropped); the next one is delivered, with any buffered successors; one further
/// ahead is held and its gap reported, for the driver to read from the outbox. A gap the
/// outbox can no longer fill (rows pruned) is skipped with ``skip(stream:through:)``.
public struct OutboxSequencer: Sendable {
    /// A run of missing sequence numbers of one stream: `after + 1 ... through`.
    public struct Gap: Sendable, Hashable {
        /// The stream.
        public var stream: String
        /// The last delivered seq.
        public var after: Int64
        /// The last missing seq.
        public var through: Int64

        /// A gap from its parts.
        public init(stream: String, after: Int64, through: Int64) {
            self.stream = stream
            self.after = after
            self.through = through
        }
    }

    private var delivered: [String: Int64]
    private var held: [String: [Int64: OutboxRecord]] = [:]

    /// A sequencer that starts after `heads` (stream → last seq already seen); a stream not in
    /// `heads` starts at seq 1.
    public init(heads: [String: Int64] = [:]) {
        self.delivered = heads
    }

    /// The last seq delivered on `stream` (0 when none).
    public func lastDelivered(_ stream: String) -> Int64 { delivered[stream] ?? 0 }

    /// Records held behind a gap.
    public var heldCount: Int { held.values.reduce(0) { $0 + $1.count } }

    /// Takes `records` (any order, duplicates allowed) and returns those now deliverable, in
    /// stream order, and the gaps that hold others back.
    public mutating func accept(_ records: [OutboxRecord]) -> (deliver: [OutboxRecord], gaps: [Gap]) {
        var touched: [String] = []
        for record in records.sorted(by: { ($0.staged.stream, $0.seq) < ($1.staged.stream, $1.seq) }) {
            let stream = record.staged.stream
            guard record.seq > lastDelivered(stream) else { continue }
            held[stream, default: [:]][record.seq] = record
            if touched.last != stream { touched.append(stream) }
        }
        var deliver: [OutboxRecord] = []
        var gaps: [Gap] = []
        for stream in touched {
            drain(stream, into: &deliver)
            if let waiting = held[stream], let first = waiting.keys.min() {
                gaps.append(Gap(stream: stream, after: lastDelivered(stream), through: first - 1))
            }
        }
        return (deliver, gaps)
    }

    /// Gives up on `stream`'s events up to `through` (they are gone from the outbox) and returns
    /// what becomes deliverable.
    public mutating func skip(stream: String, through: Int64) -> [OutboxRecord] {
        if through > lastDelivered(stream) { delivered[stream] = through }
        held[stream] = held[stream]?.filter { $0.key > through }
        var deliver: [OutboxRecord] = []
        drain(stream, into: &deliver)
        return deliver
    }

    private mutating func drain(_ stream: String, into deliver: inout [OutboxRecord]) {
        guard var waiting = held[stream] else { return }
        var last = lastDelivered(stream)
        while let next = waiting.removeValue(forKey: last + 1) {
            deliver.append(next)
            last += 1
        }
        delivered[stream] = last
        held[stream] = waiting.isEmpty ? nil : waiting
    }
}
