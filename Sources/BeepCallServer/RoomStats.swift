import BeepSFU
import Foundation

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
    /// The `/metrics` body for `rooms`.
    public static func render(_ rooms: [RoomStats]) -> String {
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
