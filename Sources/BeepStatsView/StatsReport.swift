import BeepCallServer
import BeepCalls
import BeepSFU

/// What `beep-stats` shows: every room with its participants and tracks, with rates computed
/// between two snapshots of the admin API (`GET /admin/stats`). Codable: `--json` prints it.
public struct StatsReport: Codable, Sendable, Hashable {
    /// Seconds between the two snapshots the rates come from (0 for a single snapshot).
    public var intervalSeconds: Double
    /// The node's media workers.
    public var workers: [WorkerReport]
    /// Rooms, sorted by name.
    public var rooms: [RoomReport]
    /// The node drains (no new rooms); nil when the node does not say (a separate `beep-sfu`).
    public var draining: Bool?

    /// A report with the given workers and rooms.
    public init(intervalSeconds: Double, workers: [WorkerReport], rooms: [RoomReport], draining: Bool? = nil) {
        self.intervalSeconds = intervalSeconds
        self.workers = workers
        self.rooms = rooms
        self.draining = draining
    }
}

/// One media worker (event loop) of a ``StatsReport``.
public struct WorkerReport: Codable, Sendable, Hashable {
    /// The worker's index.
    public var worker: Int
    /// Its media ports.
    public var ports: [Int]
    /// CPU use of its thread over the interval, in percent of one core, when known.
    public var cpuPercent: Double?
    /// Datagrams per second read and written.
    public var datagramsPerSecondIn: Double
    /// Datagrams per second written.
    public var datagramsPerSecondOut: Double
    /// Transit time (read to flush) since the node started, microseconds.
    public var transitP50Microseconds: UInt64?
    /// 99th percentile of the transit time, microseconds.
    public var transitP99Microseconds: UInt64?
}

/// One room of a ``StatsReport``.
public struct RoomReport: Codable, Sendable, Hashable {
    /// The room name.
    public var room: String
    /// The dominant speaker, if any.
    public var activeSpeaker: String?
    /// Participants, sorted by id.
    public var participants: [ParticipantReport]
    /// The operator's limits for the room, when any.
    public var limits: RoomLimits?
}

/// One participant of a ``RoomReport``: its transport totals and rates, and its tracks.
public struct ParticipantReport: Codable, Sendable, Hashable {
    /// The participant id.
    public var id: String
    /// Received from it, kilobits per second.
    public var kbpsIn: Double
    /// Sent to it, kilobits per second.
    public var kbpsOut: Double
    /// RTP packets per second received from it.
    public var packetsPerSecondIn: Double
    /// RTP packets per second sent to it.
    public var packetsPerSecondOut: Double
    /// Round-trip time in milliseconds on its transport, when measured.
    public var roundTripMilliseconds: Double?
    /// Tracks it publishes.
    public var published: [TrackReport]
    /// Tracks it receives.
    public var received: [TrackReport]
    /// Beep's bandwidth estimate toward it, kilobits per second (absent from older nodes).
    public var estimateKbps: Double?
    /// The simulcast layer of each video it receives (absent from older nodes).
    public var layers: [LayerReport]?
}

/// The layer one received video is forwarded at (`S<spatial>T<temporal>`, rid).
public struct LayerReport: Codable, Sendable, Hashable {
    /// `consumer-N`.
    public var consumer: String
    /// The publisher's participant id.
    public var publisher: String
    /// `video` or `screen`.
    public var kind: String
    /// The layer forwarded now, e.g. `S2T2`; nil when paused or waiting for a key frame.
    public var layer: String?
    /// The rid of the forwarded encoding, for simulcast.
    public var rid: String?
}

/// One track (a producer or a consumer) of a ``ParticipantReport``.
public struct TrackReport: Codable, Sendable, Hashable {
    /// `producer-N` or `consumer-N`.
    public var id: String
    /// `audio` or `video`.
    public var kind: String
    /// The SSRC on the wire (the publisher's, or the consumer's rewritten one).
    public var ssrc: UInt32
    /// Paused (muted publisher or paused consumer).
    public var paused: Bool
    /// Kilobits per second through the SFU for this track.
    public var kbps: Double
    /// Loss in percent: sequence gaps for a published track, the subscriber's last receiver
    /// report (fraction lost) for a received one; nil when unknown.
    public var lossPercent: Double?
    /// Interarrival jitter in timestamp units (RFC 3550 §A.8), when known.
    public var jitter: UInt32?
    /// NACKs: sent to the publisher (published) or received from the subscriber (received).
    public var nacks: UInt64
    /// PLIs: sent to the publisher or received from the subscriber.
    public var plis: UInt64
    /// FIRs received from the subscriber (0 for published tracks).
    public var firs: UInt64
}
