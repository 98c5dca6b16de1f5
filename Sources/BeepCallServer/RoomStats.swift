import BeepCalls
import BeepSFU
import BeepSFUServer
import Foundation

/// What a media node's `GET /admin/stats` returns: its rooms and its workers.
public struct NodeStats: Codable, Sendable, Hashable {
    /// Rooms with media, sorted by name.
    public var rooms: [RoomStats]
    /// Media workers (one event loop per core) with their sockets, CPU and transit times.
    public var workers: [MediaWorkerStats]
    /// The operator settings in force (draining, room limits); absent where signalling does
    /// not run (a separate `beep-sfu`).
    public var tuning: CallTuning?

    /// A node's statistics.
    public init(rooms: [RoomStats], workers: [MediaWorkerStats], tuning: CallTuning? = nil) {
        self.rooms = rooms
        self.workers = workers
        self.tuning = tuning
    }
}

/// One room's SFU statistics, as the admin API returns them (`GET /admin/stats`).
public struct RoomStats: Codable, Sendable, Hashable {
    /// The room name.
    public var room: String
    /// The router's snapshot.
    public var sfu: SFUStats
    /// Each subscriber's bandwidth estimate and layers (absent in documents from older nodes).
    public var adaptation: [SubscriberAdaptationStats]?
    /// The simulcast producers (one per simulcast camera; absent in documents from older nodes).
    public var simulcastProducers: [SimulcastProducerStats]?
    /// The simulcast consumers (one per subscriber of a simulcast camera; absent in documents
    /// from older nodes).
    public var simulcastConsumers: [SimulcastConsumerStats]?

    /// A room's statistics.
    public init(room: String, sfu: SFUStats, adaptation: [SubscriberAdaptationStats]? = nil,
                simulcastProducers: [SimulcastProducerStats]? = nil,
                simulcastConsumers: [SimulcastConsumerStats]? = nil) {
        self.room = room
        self.sfu = sfu
        self.adaptation = adaptation
        self.simulcastProducers = simulcastProducers
        self.simulcastConsumers = simulcastConsumers
    }
}

/// Renders room statistics in the Prometheus text exposition format (version 0.0.4).
public enum PrometheusExposition {
    /// The `/metrics` body for a node.
    public static func render(_ node: NodeStats) -> String {
        render(node.rooms) + render(node.workers) + (node.tuning.map(render) ?? "")
    }

    /// Worker families: CPU, datagrams and transit-time quantiles (a Prometheus summary).
    static func render(_ workers: [MediaWorkerStats]) -> String {
        var text = "# HELP beep_sfu_worker_cpu_seconds_total CPU time of a media worker thread.\n"
            + "# TYPE beep_sfu_worker_cpu_seconds_total counter\n"
        for worker in workers { if let cpu = worker.cpuSeconds { text += "beep_sfu_worker_cpu_seconds_total{worker=\"\(worker.worker)\"} \(cpu)\n" } }
        text += "# HELP beep_sfu_worker_datagrams_received_total Datagrams read by a worker's sockets.\n"
            + "# TYPE beep_sfu_worker_datagrams_received_total counter\n"
        for worker in workers { text += "beep_sfu_worker_datagrams_received_total{worker=\"\(worker.worker)\"} \(worker.datagramsReceived)\n" }
        text += "# HELP beep_sfu_worker_datagrams_sent_total Datagrams written by a worker's sockets.\n"
            + "# TYPE beep_sfu_worker_datagrams_sent_total counter\n"
        for worker in workers { text += "beep_sfu_worker_datagrams_sent_total{worker=\"\(worker.worker)\"} \(worker.datagramsSent)\n" }
        text += "# HELP beep_sfu_transit_seconds Time from an RTP datagram's read to the flush of its forwarded copies.\n"
            + "# TYPE beep_sfu_transit_seconds summary\n"
        for worker in workers {
            let label = "worker=\"\(worker.worker)\""
            let quantiles: [(String, UInt64?)] = [("0.5", worker.transit.p50Microseconds), ("0.99", worker.transit.p99Microseconds),
                                                   ("0.999", worker.transit.p999Microseconds)]
            for (quantile, value) in quantiles {
                if let value { text += "beep_sfu_transit_seconds{\(label),quantile=\"\(quantile)\"} \(Double(value) / 1e6)\n" }
            }
            text += "beep_sfu_transit_seconds_count{\(label)} \(worker.transit.count)\n"
        }
        return text
    }

    /// Escapes a label value (backslash, quote, newline).
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
