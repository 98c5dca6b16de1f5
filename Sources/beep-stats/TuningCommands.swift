import ArgumentParser
import BeepCallServer
import BeepCalls
import BeepStatsView
import Foundation

/// `beep-stats limits`: a room's participant limit and publisher bitrate cap.
struct LimitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits",
        abstract: "Set a room's limits (POST /admin/rooms/ROOM/limits); options left out remove that limit.")

    @OptionGroup var node: NodeOptions

    @Option(help: "The room.")
    var room: String

    @Option(help: "At most this many participants in the call (joins beyond it get room_full).")
    var maxParticipants: Int?

    @Option(help: "Cap each publisher's send rate at this many kbit/s (REMB).")
    var maxBitrateKbps: Int?

    func run() async throws {
        let limits = RoomLimits(maxParticipants: maxParticipants, maxBitrateKbps: maxBitrateKbps)
        let reply = try await node.change("admin/rooms/\(pathSegment(room))/limits", body: limits)
        print("\(reply.action) \(reply.target): maxParticipants \(maxParticipants.map(String.init) ?? "none"), "
              + "maxBitrateKbps \(maxBitrateKbps.map(String.init) ?? "none")")
    }
}

/// `beep-stats mute`: the operator mutes (or unmutes) a participant's track.
struct MuteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mute",
        abstract: "Mute a participant's track on the server (POST /admin/rooms/ROOM/participants/ID/mute).")

    @OptionGroup var node: NodeOptions

    @OptionGroup var target: ParticipantTarget

    @Option(help: "audio, video or screen.")
    var kind: String = "audio"

    @Flag(help: "Lift the operator's mute instead.")
    var unmute = false

    func validate() throws {
        guard TrackKind(rawValue: kind) != nil else { throw ValidationError("--kind must be audio, video or screen") }
    }

    func run() async throws {
        let request = ParticipantMuteRequest(kind: TrackKind(rawValue: kind) ?? .audio, muted: !unmute)
        let path = target.path("mute")
        let reply = try await node.change(path, body: request)
        print("\(reply.action) \(reply.target): \(kind) \(unmute ? "unmuted" : "muted")")
    }
}

/// `beep-stats remove`: takes a participant out of the call.
struct RemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a participant from the call (POST /admin/rooms/ROOM/participants/ID/remove).")

    @OptionGroup var node: NodeOptions

    @OptionGroup var target: ParticipantTarget

    func run() async throws {
        let path = target.path("remove")
        let reply = try await node.change(path, body: [String: String]())
        print("\(reply.action) \(reply.target): removed")
    }
}

/// `beep-stats drain`: no new rooms on the node (calls in progress continue).
struct DrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Drain the node: no new rooms, calls in progress continue (POST /admin/drain).")

    @OptionGroup var node: NodeOptions

    @Flag(help: "Stop draining: accept new rooms again.")
    var off = false

    func run() async throws {
        let reply = try await node.change("admin/drain", body: DrainRequest(draining: !off))
        print("\(reply.action) \(reply.target): \(off ? "accepting new rooms" : "draining")")
    }
}

/// `beep-stats subscriber-limits`: the operator's cap on what one subscriber receives
/// (docs/bandwidth-estimation.md "The subscriber's request, operator limits and the test hook").
struct SubscriberLimitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriber-limits",
        abstract: "Cap what one subscriber receives (POST /admin/subscribers/limits on the node running the media); options left out lift that limit.")

    @OptionGroup var node: NodeOptions

    @Option(help: "The subscribing participant's id (as beep-stats shows it, e.g. p3).")
    var participant: String

    @Option(help: "Send it at most this many kbit/s, whatever its bandwidth estimate (at least 8).")
    var maxBitrateKbps: Int?

    @Option(help: "The highest simulcast layer it gets: q, h or f (or 0, 1, 2).")
    var maxLayer: String?

    /// The request the options describe.
    var request: SubscriberLimitsRequest? {
        SubscriberLimitsRequest(participant: participant, maxBitrateKbps: maxBitrateKbps, layer: maxLayer)
    }

    func validate() throws {
        guard let request else { throw ValidationError("--max-layer must be q, h or f (or 0, 1, 2); --max-bitrate-kbps must fit") }
        if let reason = request.invalidReason { throw ValidationError(reason) }
    }

    func run() async throws {
        guard let request else { throw ValidationError("--max-layer must be q, h or f (or 0, 1, 2)") }
        let reply = try await node.change("admin/subscribers/limits", body: request)
        print("\(reply.action) \(reply.target): maxBitrateKbps \(maxBitrateKbps.map(String.init) ?? "none"), "
              + "maxLayer \(maxLayer ?? "none")")
    }
}

/// The participant a `mute` or `remove` is about.
struct ParticipantTarget: ParsableArguments {
    @Option(help: "The room.")
    var room: String

    @Option(help: "The participant id (as beep-stats shows it, e.g. p3).")
    var participant: String

    /// `admin/rooms/ROOM/participants/ID/ACTION`.
    func path(_ action: String) -> String {
        "admin/rooms/\(pathSegment(room))/participants/\(pathSegment(participant))/\(action)"
    }
}
