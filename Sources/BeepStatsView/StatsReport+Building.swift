import BeepCalls
import BeepCallServer
import BeepSFU
import BeepSFUServer

/// Which rooms and participants a report shows (`--room`, `--participant`).
public struct StatsFilter: Sendable, Hashable {
    /// Only this room, when set.
    public var room: String?
    /// Only this participant, when set.
    public var participant: String?

    /// A filter; nil fields let everything through.
    public init(room: String? = nil, participant: String? = nil) {
        self.room = room
        self.participant = participant
    }
}

extension StatsReport {
    /// The report for `current`, with rates from the change since `previous` taken
    /// `interval` seconds earlier (rates are 0 without a previous snapshot or a positive
    /// interval). Counters that went backwards (a participant that rejoined) count from 0.
    public init(current: NodeStats, previous: NodeStats?, interval: Double, filter: StatsFilter = StatsFilter()) {
        let seconds = interval > 0 && previous != nil ? interval : 0
        let rate = Rate(seconds: seconds)
        let workers = current.workers.map { worker in
            let old = previous?.workers.first { $0.worker == worker.worker }
            let cpu: Double? = if let now = worker.cpuSeconds, let then = old?.cpuSeconds, seconds > 0 {
                max(0, now - then) / seconds * 100
            } else { nil }
            return WorkerReport(
                worker: worker.worker, ports: worker.ports, cpuPercent: cpu,
                datagramsPerSecondIn: rate.perSecond(UInt64(max(0, worker.datagramsReceived)),
                                                     old.map { UInt64(max(0, $0.datagramsReceived)) }),
                datagramsPerSecondOut: rate.perSecond(UInt64(max(0, worker.datagramsSent)),
                                                      old.map { UInt64(max(0, $0.datagramsSent)) }),
                transitP50Microseconds: worker.transit.p50Microseconds,
                transitP99Microseconds: worker.transit.p99Microseconds)
        }
        var before: [String: ParticipantStats] = [:]
        var simulcastBefore: [String: SimulcastProducerStats] = [:]
        var simulcastConsumersBefore: [String: SimulcastConsumerStats] = [:]
        for room in previous?.rooms ?? [] {
            for participant in room.sfu.participants { before[room.room + "\u{0}" + participant.id.rawValue] = participant }
            for producer in room.simulcastProducers ?? [] { simulcastBefore[room.room + "\u{0}" + producer.id.description] = producer }
            for consumer in room.simulcastConsumers ?? [] {
                simulcastConsumersBefore[room.room + "\u{0}" + consumer.id.description] = consumer
            }
        }
        let rooms = current.rooms
            .filter { filter.room == nil || $0.room == filter.room }
            .sorted { $0.room < $1.room }
            .map { room in
                RoomReport(
                    room: room.room, activeSpeaker: room.sfu.activeSpeaker?.rawValue,
                    participants: room.sfu.participants
                        .filter { filter.participant == nil || $0.id.rawValue == filter.participant }
                        .sorted { $0.id < $1.id }
                        .map { participant in
                            var report = ParticipantReport(participant, before: before[room.room + "\u{0}" + participant.id.rawValue],
                                                           seconds: seconds)
                            report.published += (room.simulcastProducers ?? []).filter { $0.owner == participant.id }.map {
                                TrackReport(simulcast: $0, before: simulcastBefore[room.room + "\u{0}" + $0.id.description],
                                            seconds: seconds)
                            }
                            report.received += (room.simulcastConsumers ?? []).filter { $0.subscriber == participant.id }.map {
                                TrackReport(simulcast: $0, before: simulcastConsumersBefore[room.room + "\u{0}" + $0.id.description],
                                            seconds: seconds)
                            }
                            if let adaptation = room.adaptation?.first(where: { $0.participant == participant.id }) {
                                report.estimateKbps = Double(adaptation.targetBitrate) / 1000
                                report.layers = adaptation.layers.map { layer in
                                    LayerReport(consumer: layer.consumer.description, publisher: layer.publisher.rawValue,
                                                kind: layer.kind, layer: layer.currentLayer?.description, rid: layer.rid)
                                }
                            }
                            return report
                        },
                    limits: current.tuning?.rooms.first { $0.room == room.room }?.limits)
            }
        self.init(intervalSeconds: seconds, workers: workers, rooms: rooms, draining: current.tuning?.draining)
    }
}

extension ParticipantReport {
    init(_ now: ParticipantStats, before: ParticipantStats?, seconds: Double) {
        let rate = Rate(seconds: seconds)
        id = now.id.rawValue
        kbpsIn = rate.kilobits(now.bytesIn, before?.bytesIn)
        kbpsOut = rate.kilobits(now.bytesOut, before?.bytesOut)
        packetsPerSecondIn = rate.perSecond(now.packetsIn, before?.packetsIn)
        packetsPerSecondOut = rate.perSecond(now.packetsOut, before?.packetsOut)
        roundTripMilliseconds = now.roundTripTime.map { $0 * 1000 }
        published = now.producers.map { producer in
            let old = before?.producers.first { $0.id == producer.id }
            let expected = producer.packetsReceived &+ producer.packetsLost
            return TrackReport(
                id: producer.id.description, kind: producer.kind.rawValue, ssrc: producer.ssrc, paused: producer.paused,
                kbps: rate.kilobits(producer.bytesReceived, old?.bytesReceived),
                lossPercent: expected == 0 ? nil : Double(producer.packetsLost) / Double(expected) * 100,
                jitter: producer.jitter, nacks: producer.nackedPackets, plis: producer.plisSent, firs: 0)
        }
        received = now.consumers.map { consumer in
            let old = before?.consumers.first { $0.id == consumer.id }
            return TrackReport(
                id: consumer.id.description, kind: consumer.kind.rawValue, ssrc: consumer.ssrc, paused: consumer.paused,
                kbps: rate.kilobits(consumer.bytesSent, old?.bytesSent),
                lossPercent: consumer.remoteFractionLost.map { Double($0) / 256 * 100 },
                jitter: consumer.remoteJitter, nacks: consumer.nacksReceived, plis: consumer.plisReceived,
                firs: consumer.firsReceived)
        }
    }
}

/// Rates from two counter readings.
struct Rate {
    let seconds: Double

    func perSecond(_ now: UInt64, _ before: UInt64?) -> Double {
        guard seconds > 0, let before else { return 0 }
        return Double(now >= before ? now - before : now) / seconds
    }

    func kilobits(_ nowBytes: UInt64, _ beforeBytes: UInt64?) -> Double {
        perSecond(nowBytes, beforeBytes) * 8 / 1000
    }
}

extension TrackReport {
    /// A simulcast camera as one published track: its encodings' bytes summed, the lowest
    /// encoding's SSRC.
    init(simulcast now: SimulcastProducerStats, before: SimulcastProducerStats?, seconds: Double) {
        let bytes = now.encodings.reduce(UInt64(0)) { $0 &+ $1.bytesReceived }
        let bytesBefore = before.map { $0.encodings.reduce(UInt64(0)) { $0 &+ $1.bytesReceived } }
        self.init(id: now.id.description, kind: "video", ssrc: now.encodings.first?.ssrc ?? 0, paused: false,
                  kbps: Rate(seconds: seconds).kilobits(bytes, bytesBefore), lossPercent: nil, jitter: nil,
                  nacks: 0, plis: now.plisSent, firs: 0)
    }
}

extension TrackReport {
    /// A subscriber's copy of a simulcast camera as one received video track.
    init(simulcast now: SimulcastConsumerStats, before: SimulcastConsumerStats?, seconds: Double) {
        self.init(id: now.id.description, kind: "video", ssrc: now.ssrc, paused: now.targetLayer == nil,
                  kbps: Rate(seconds: seconds).kilobits(now.bytesSent, before?.bytesSent), lossPercent: nil, jitter: nil,
                  nacks: 0, plis: 0, firs: 0)
    }
}
