import BeepEventsOutbox
import BeepStorage
import Foundation
import Logging
import NIOConcurrencyHelpers

/// How the cross-process relay behaves (docs/events.md, "Across processes").
public struct OutboxRelayConfiguration: Sendable {
    /// How long outbox rows are kept: the longest listening outage a process can catch up from.
    public var retention: Duration = .seconds(600)
    /// How often each process deletes rows older than ``retention``.
    public var pruneInterval: Duration = .seconds(60)
    /// After an outage, rows written this long before it began are read again (a transaction
    /// that was open across the outage wrote its row before it committed).
    public var catchUpMargin: Duration = .seconds(60)
    /// The wait before listening again after the listening connection broke.
    public var reconnectDelay: Duration = .milliseconds(500)
    /// Most events published outside a transaction waiting to be written; more are dropped
    /// (logged): they are ephemeral (presence, typing) and the database is then unreachable.
    public var maximumPendingWrites = 10_000
    /// The stream of events published outside a transaction by this process.
    public var originStream = "node:0"

    /// The defaults.
    public init() {}
}

/// Cross-process delivery on PostgreSQL: writes events published outside a transaction to the
/// outbox, listens for every process's `NOTIFY`s, reads the rows back in stream order and
/// hands them to `deliver`; after a listening outage it catches up from the outbox first.
/// One task runs it (``run()``), inside the ``EventsGateway``'s.
final class OutboxRelay: Sendable {
    let outbox: EventOutbox
    let configuration: OutboxRelayConfiguration
    private let deliver: @Sendable ([StagedEvent]) -> Void
    private let logger: Logger
    private let writes = NIOLockedValueBox<[StagedEvent]>([])
    private let writeSignal: AsyncStream<Void>.Continuation
    private let writeSignals: AsyncStream<Void>
    private let notified = NIOLockedValueBox<[Int64]>([])
    private let sequencer = NIOLockedValueBox<OutboxSequencer?>(nil)
    /// Wall-clock milliseconds of the last moment listening was known to work.
    private let lastHealthy = NIOLockedValueBox<Int64?>(nil)
    private let listening = NIOLockedValueBox(false)

    init(outbox: EventOutbox, configuration: OutboxRelayConfiguration, logger: Logger,
         deliver: @escaping @Sendable ([StagedEvent]) -> Void) {
        self.outbox = outbox
        self.configuration = configuration
        self.logger = logger
        self.deliver = deliver
        (writeSignals, writeSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Whether the listening connection is up (catch-up done).
    var isListening: Bool { listening.withLockedValue { $0 } }

    /// Queues an event published outside a transaction; written in order, in batches.
    func enqueue(_ staged: StagedEvent) {
        let accepted = writes.withLockedValue { pending in
            guard pending.count < configuration.maximumPendingWrites else { return false }
            pending.append(staged)
            return true
        }
        if accepted { writeSignal.yield() } else { logger.warning("events outbox backlog full: event dropped") }
    }

    /// Writes, listens and prunes until cancelled.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.writeLoop() }
            group.addTask { await self.listenLoop() }
            group.addTask { await self.pruneLoop() }
            await group.waitForAll()
        }
    }

    private func writeLoop() async {
        for await _ in writeSignals {
            let batch = writes.withLockedValue { pending in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            do {
                try await outbox.append(batch)
            } catch {
                logger.error("events outbox write failed: events dropped",
                             metadata: ["count": "\(batch.count)", "error": "\(error)"])
            }
        }
    }

    private func pruneLoop() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.pruneInterval) } catch { return }
            let cutoff = OutboxTime.milliseconds(Date()) - OutboxTime.milliseconds(configuration.retention)
            do {
                let removed = try await outbox.prune(before: cutoff)
                if removed > 0 { logger.debug("events outbox pruned", metadata: ["rows": "\(removed)"]) }
            } catch {
                logger.warning("events outbox prune failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func listenLoop() async {
        while !Task.isCancelled {
            // A stream per connection: cancelling its reader finishes it.
            let (fetchSignals, fetchSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            do {
                try await outbox.database.listen(channel: outbox.channel) { payloads in
                    try await self.catchUp()
                    self.listening.withLockedValue { $0 = true }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await _ in fetchSignals { try await self.fetchNotified() }
                        }
                        for try await payload in payloads {
                            guard let id = Int64(payload) else { continue }
                            self.notified.withLockedValue { $0.append(id) }
                            fetchSignal.yield()
                        }
                        group.cancelAll()
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("events listening connection lost; catching up when back", metadata: ["error": "\(error)"])
            }
            fetchSignal.finish()
            listening.withLockedValue { $0 = false }
            do { try await Task.sleep(for: configuration.reconnectDelay) } catch { return }
        }
    }

    /// On first listen: start after every stream's current head. After an outage: read the
    /// rows written since shortly before it and deliver the ones not yet delivered.
    private func catchUp() async throws {
        let now = OutboxTime.milliseconds(Date())
        if sequencer.withLockedValue({ $0 == nil }) {
            let heads = try await outbox.streamHeads()
            sequencer.withLockedValue { $0 = OutboxSequencer(heads: heads) }
        } else if let since = lastHealthy.withLockedValue({ $0 }) {
            let records = try await outbox.records(createdSince: since - OutboxTime.milliseconds(configuration.catchUpMargin))
            try await accept(records)
            logger.notice("events caught up from the outbox", metadata: ["rows": "\(records.count)"])
        }
        lastHealthy.withLockedValue { $0 = now }
    }

    private func fetchNotified() async throws {
        let ids = notified.withLockedValue { ids in
            defer { ids.removeAll(keepingCapacity: true) }
            return ids
        }
        guard !ids.isEmpty else { return }
        let now = OutboxTime.milliseconds(Date())
        try await accept(try await outbox.records(ids: ids))
        lastHealthy.withLockedValue { $0 = now }
    }

    /// Sequences `records`, delivers what is in order and reads gaps from the outbox (rows
    /// already pruned are skipped).
    private func accept(_ records: [OutboxRecord]) async throws {
        let accepted = sequencer.withLockedValue { $0?.accept(records) ?? (deliver: [], gaps: []) }
        var ready = accepted.deliver
        // One pass fills every gap: each names rows that committed before the one held behind it.
        for gap in accepted.gaps {
            let filled = try await outbox.records(stream: gap.stream, after: gap.after, through: gap.through)
            ready += sequencer.withLockedValue { $0?.accept(filled).deliver ?? [] }
            if filled.count < Int(gap.through - gap.after) {
                logger.warning("events outbox rows missing (pruned?): skipped",
                               metadata: ["stream": "\(gap.stream)", "after": "\(gap.after)", "through": "\(gap.through)"])
                ready += sequencer.withLockedValue { $0?.skip(stream: gap.stream, through: gap.through) ?? [] }
            }
        }
        if !ready.isEmpty { deliver(ready.map(\.staged)) }
    }
}
