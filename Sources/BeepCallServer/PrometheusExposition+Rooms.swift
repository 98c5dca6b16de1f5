import BeepCalls
import BeepSFU

/// The room and tuning families of `/metrics` (docs/operations.md, "Metrics"). Labels stay
/// low-cardinality: `room` (rooms in progress) and `kind` (audio, video), never a participant
/// id. Per-room counters are sums over the room's current participants: they drop when a
/// participant leaves, which Prometheus' `rate()` takes for a counter reset.
extension PrometheusExposition {
    /// One metric family: name, help, type and samples (labels without braces, value).
    struct Family {
        let name: String
        let help: String
        var samples: [(labels: String, value: String)] = []

        var type: String { name.hasSuffix("_total") ? "counter" : "gauge" }

        mutating func add(_ labels: String, _ value: some CustomStringConvertible) {
            samples.append((labels, value.description))
        }

        var text: String {
            var text = "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples {
                text += sample.labels.isEmpty ? "\(name) \(sample.value)\n" : "\(name){\(sample.labels)} \(sample.value)\n"
            }
            return text
        }
    }

    /// Per-room totals and worst values.
    static func render(_ rooms: [RoomStats]) -> String {
        var roomCount = Family(name: "beep_sfu_rooms", help: "Rooms with media on this SFU.")
        roomCount.add("", rooms.count)
        var participants = Family(name: "beep_sfu_participants", help: "Participants with media, per room.")
        var packetsIn = Family(name: "beep_sfu_packets_received_total", help: "RTP packets received from a room's participants.")
        var bytesIn = Family(name: "beep_sfu_bytes_received_total", help: "RTP bytes received from a room's participants.")
        var packetsOut = Family(name: "beep_sfu_packets_sent_total", help: "RTP packets sent to a room's participants.")
        var bytesOut = Family(name: "beep_sfu_bytes_sent_total", help: "RTP bytes sent to a room's participants.")
        var lost = Family(name: "beep_sfu_packets_lost_total", help: "RTP packets lost on the way from publishers (sequence gaps, RFC 3550 A.3).")
        var nacksSent = Family(name: "beep_sfu_nacks_sent_total", help: "Packets the SFU asked publishers to retransmit (RFC 4585 6.2.1).")
        var plisSent = Family(name: "beep_sfu_plis_sent_total", help: "Picture loss indications sent to publishers (RFC 4585 6.3.1).")
        var nacksReceived = Family(name: "beep_sfu_nacks_received_total", help: "NACKs received from subscribers.")
        var plisReceived = Family(name: "beep_sfu_plis_received_total", help: "PLIs received from subscribers.")
        var firsReceived = Family(name: "beep_sfu_firs_received_total", help: "FIRs received from subscribers (RFC 5104 4.3.1).")
        var retransmissions = Family(name: "beep_sfu_retransmissions_total", help: "Packets retransmitted to subscribers from the SFU's cache.")
        var jitter = Family(name: "beep_sfu_jitter_seconds", help: "Worst interarrival jitter of a room's published tracks (RFC 3550 A.8).")
        var subscriberLoss = Family(name: "beep_sfu_subscriber_loss_ratio", help: "Worst fraction lost in a room's subscribers' receiver reports.")
        var roundTrip = Family(name: "beep_sfu_round_trip_seconds", help: "Worst round-trip time of a room's transports (RTCP, RFC 3550 6.4.1).")
        var malformed = Family(name: "beep_sfu_malformed_packets_total", help: "Packets the router could not parse, per room.")
        for room in rooms {
            let label = "room=\"\(escape(room.room))\""
            let people = room.sfu.participants
            let producers = people.flatMap(\.producers)
            let consumers = people.flatMap(\.consumers)
            participants.add(label, people.count)
            packetsIn.add(label, people.reduce(0) { $0 &+ $1.packetsIn })
            bytesIn.add(label, people.reduce(0) { $0 &+ $1.bytesIn })
            packetsOut.add(label, people.reduce(0) { $0 &+ $1.packetsOut })
            bytesOut.add(label, people.reduce(0) { $0 &+ $1.bytesOut })
            for kind in [MediaKind.audio, .video] {
                let ofKind = producers.filter { $0.kind == kind }
                let kindLabel = "\(label),kind=\"\(kind.rawValue)\""
                lost.add(kindLabel, ofKind.reduce(0) { $0 &+ $1.packetsLost })
                if let worst = ofKind.map(\.jitter).max() {
                    jitter.add(kindLabel, Double(worst) / (kind == .audio ? 48_000 : 90_000))
                }
            }
            nacksSent.add(label, producers.reduce(0) { $0 &+ $1.nackedPackets })
            plisSent.add(label, producers.reduce(0) { $0 &+ $1.plisSent })
            nacksReceived.add(label, consumers.reduce(0) { $0 &+ $1.nacksReceived })
            plisReceived.add(label, consumers.reduce(0) { $0 &+ $1.plisReceived })
            firsReceived.add(label, consumers.reduce(0) { $0 &+ $1.firsReceived })
            retransmissions.add(label, consumers.reduce(0) { $0 &+ $1.retransmittedPackets })
            if let worst = consumers.compactMap(\.remoteFractionLost).max() { subscriberLoss.add(label, Double(worst) / 256) }
            if let worst = people.compactMap(\.roundTripTime).max() { roundTrip.add(label, worst) }
            malformed.add(label, room.sfu.malformedPackets)
        }
        return [roomCount, participants, packetsIn, bytesIn, packetsOut, bytesOut, lost, nacksSent, plisSent,
                nacksReceived, plisReceived, firsReceived, retransmissions, jitter, subscriberLoss, roundTrip, malformed]
            .map(\.text).joined()
    }

    /// The operator settings: draining, and each limited room's limits.
    static func render(_ tuning: CallTuning) -> String {
        var draining = Family(name: "beep_sfu_draining", help: "1 while the node drains (no new rooms).")
        draining.add("", tuning.draining ? 1 : 0)
        var participantLimit = Family(name: "beep_sfu_room_participant_limit", help: "A room's operator limit of participants.")
        var bitrateCap = Family(name: "beep_sfu_room_bitrate_cap_bits_per_second", help: "A room's operator cap per publisher.")
        for room in tuning.rooms {
            let label = "room=\"\(escape(room.room))\""
            if let limit = room.limits.maxParticipants { participantLimit.add(label, limit) }
            if let kbps = room.limits.maxBitrateKbps { bitrateCap.add(label, kbps * 1000) }
        }
        return [draining, participantLimit, bitrateCap].map(\.text).joined()
    }
}
