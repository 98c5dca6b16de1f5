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

    /// A room's statistics.
    public init(room: String, sfu: SFUStats) {
        self.room = room
        self.sfu = sfu
    }
}

/// Renders room statistics in the Prometheus text exposition format (version 0.0.4).
public enum PrometheusExposition {
    /// The `/metrics` body for a node.
    public static func render(_ node: NodeStats) -> String {
        render(node.rooms) + render(node.workers)
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

    /// The room families of `/metrics`.
    static func render(_ rooms: [RoomStats]) -> String {
        var families: [(name: String, help: String, samples: [(labels: String, value: String)])] = [
            ("beep_sfu_rooms", "Rooms with media on this SFU.", [("", String(rooms.count))]),
            ("beep_sfu_participants", "Participants with media, per room.", []),
            ("beep_sfu_packets_received_total", "RTP packets received from a participant.", []),
            ("beep_sfu_bytes_received_total", "RTP bytes received from a participant.", []),
            ("beep_sfu_packets_sent_total", "RTP packets sent to a participant.", []),
            ("beep_sfu_bytes_sent_total", "RTP bytes sent to a participant.", []),
            ("beep_sfu_malformed_packets_total", "Packets the router could not parse, per room.", []),
            ("beep_sfu_round_trip_seconds", "Round-trip time on a participant's transport (RTCP, RFC 3550 §6.4.1).", []),
        ]
        for room in rooms {
            let roomLabel = "room=\"\(escape(room.room))\""
            families[1].samples.append((roomLabel, String(room.sfu.participants.count)))
            families[6].samples.append((roomLabel, String(room.sfu.malformedPackets)))
            for participant in room.sfu.participants {
                let labels = "\(roomLabel),participant=\"\(escape(participant.id.rawValue))\""
                families[2].samples.append((labels, String(participant.packetsIn)))
                families[3].samples.append((labels, String(participant.bytesIn)))
                families[4].samples.append((labels, String(participant.packetsOut)))
                families[5].samples.append((labels, String(participant.bytesOut)))
                if let rtt = participant.roundTripTime { families[7].samples.append((labels, String(rtt))) }
            }
        }
        var text = ""
        for family in families {
            let type = family.name.hasSuffix("_total") ? "counter" : "gauge"
            text += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) \(type)\n"
            for sample in family.samples {
                text += sample.labels.isEmpty ? "\(family.name) \(sample.value)\n"
                                              : "\(family.name){\(sample.labels)} \(sample.value)\n"
            }
        }
        return text
    }

    /// Escapes a label value (backslash, quote, newline).
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
