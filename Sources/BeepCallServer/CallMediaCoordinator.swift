import BeepCalls
import BeepDTLS
import BeepICE

import BeepSFUServer
import BeepSTUN
import BeepWire
import NIOConcurrencyHelpers
import NIOCore

/// Carries signalling's media commands to the room workers: each room is pinned to one media
/// socket and lives on that socket's event loop (DESIGN.md rule 2), so a command hops onto the
/// loop once; packets never hop.
public final class CallMediaCoordinator: Sendable {
    private struct RoomSlot {
        let eventLoop: any EventLoop
        let local: STUNAddress
        let box: NIOLoopBoundBox<RoomWorker?>
    }

    private struct State {
        var rooms: [String: RoomSlot] = [:]
        var participantRooms: [ParticipantID: String] = [:]
        /// Operator bitrate caps by room, kbps (applied to workers created later too).
        var bitrateCaps: [String: Int] = [:]
    }

    private let media: MediaServer
    private let certificate: DTLSCertificate
    private let addressPolicy: ICEAddressPolicy
    private let signal: @Sendable (CallInput) -> Void
    private let state = NIOLockedValueBox(State())

    /// A coordinator over `media`'s sockets; `signal` feeds SDP and speaker events back to the
    /// signalling state.
    public init(media: MediaServer, certificate: DTLSCertificate, addressPolicy: ICEAddressPolicy,
                signal: @escaping @Sendable (CallInput) -> Void) {
        self.media = media
        self.certificate = certificate
        self.addressPolicy = addressPolicy
        self.signal = signal
    }

    /// Carries out one media command on its room's event loop.
    public func handle(_ command: MediaCommand) {
        if case .bitrateCap(let room, let kbps) = command {
            setBitrateCap(room: room, kbps: kbps)
            return
        }
        guard let slot = slot(for: command) else { return }
        let room = command.room ?? ""
        let certificate = self.certificate
        let directory = media.directory
        let addressPolicy = self.addressPolicy
        let signal = self.signal
        let cap = state.withLockedValue { $0.bitrateCaps[room] }
        let media = self.media
        slot.eventLoop.execute {
            let now = MonotonicTime(nanoseconds: Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds))
            let worker: RoomWorker
            if let existing = slot.box.value {
                worker = existing
            } else {
                worker = RoomWorker(room: room, local: slot.local, certificate: certificate, directory: directory,
                                    addressPolicy: addressPolicy, signal: signal)
                slot.box.value = worker
                if let cap { worker.setBitrateCap(kbps: cap, now: now) }
            }
            worker.handle(command, now: now,
                          workerHandle: NIOLoopBound(worker, eventLoop: slot.eventLoop))
            // What the command queued (offers' PLIs, a leaver's close_notify) leaves now, not at
            // the socket's next timer sweep.
            media.serviceSessions(boundTo: slot.local)
        }
    }

    /// Sets (or, with nil, lifts) the bitrate cap of `room`'s publishers, in kbit/s: REMB to
    /// each publisher (``PublisherBitrateCap``), now if the room has media, else when it starts.
    func setBitrateCap(room: String, kbps: Int?) {
        let slot = state.withLockedValue { state -> RoomSlot? in
            state.bitrateCaps[room] = kbps
            return state.rooms[room]
        }
        guard let slot else { return }
        let box = slot.box
        let media = self.media
        slot.eventLoop.execute {
            let now = MonotonicTime(nanoseconds: Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds))
            box.value?.setBitrateCap(kbps: kbps, now: now)
            media.serviceSessions(boundTo: slot.local)
        }
    }

    /// A statistics snapshot of every room, each taken on its own event loop.
    public func stats() async -> [RoomStats] {
        let slots = state.withLockedValue { state in state.rooms.map { ($0.key, $0.value) } }
        var result: [RoomStats] = []
        for (room, slot) in slots.sorted(by: { $0.0 < $1.0 }) {
            let box = slot.box
            if let stats = try? await slot.eventLoop.submit({
                box.value.map { ($0.stats(), $0.adaptationStats(), $0.simulcastProducerStats(), $0.simulcastConsumerStats()) }
            }).get() {
                result.append(RoomStats(room: room, sfu: stats.0, adaptation: stats.1, simulcastProducers: stats.2,
                                        simulcastConsumers: stats.3))
            }
        }
        return result
    }

    /// The node's statistics: every room and every media worker.
    public func nodeStats() async -> NodeStats {
        NodeStats(rooms: await stats(), workers: await media.workerStats())
    }

    /// Sets an operator's limits on what a participant receives (`POST /admin/subscribers/limits`);
    /// false when the participant has no media here.
    public func setLimits(_ limits: SubscriberLimits, for participant: ParticipantID) async -> Bool {
        await onWorker(of: participant) { $0.setLimits(limits, for: participant) } ?? false
    }

    /// Applies the send-path test hook to a participant's transport (`POST /admin/test/link`,
    /// only served with `BEEP_TEST_HOOKS=1`); false when it has no transport here.
    public func setLinkHook(_ settings: LinkTestSettings, for participant: ParticipantID) async -> Bool {
        await onWorker(of: participant) { $0.setLinkHook(settings, for: participant) } ?? false
    }

    private func onWorker<Value: Sendable>(of participant: ParticipantID,
                                            _ body: @escaping @Sendable (RoomWorker) -> Value) async -> Value? {
        let slot = state.withLockedValue { state in state.participantRooms[participant].flatMap { state.rooms[$0] } }
        guard let slot else { return nil }
        let box = slot.box
        let media = self.media
        return try? await slot.eventLoop.submit { () -> Value? in
            let value = box.value.map { body($0) }
            media.serviceSessions(boundTo: slot.local)
            return value
        }.get() ?? nil
    }

    private func slot(for command: MediaCommand) -> RoomSlot? {
        state.withLockedValue { state -> RoomSlot? in
            let room: String
            switch command {
            case .participantJoined(let name, let participant, _, _):
                room = name
                state.participantRooms[participant] = name
            case .participantLeft(let name, let participant):
                room = name
                state.participantRooms[participant] = nil
            default:
                guard let participant = command.participant, let name = state.participantRooms[participant] else {
                    return nil
                }
                room = name
            }
            if let existing = state.rooms[room] { return existing }
            guard let socket = media.socket(pinnedTo: room) else { return nil }
            let slot = RoomSlot(eventLoop: socket.eventLoop, local: socket.address,
                                box: NIOLoopBoundBox.makeEmptyBox(valueType: RoomWorker.self, eventLoop: socket.eventLoop))
            state.rooms[room] = slot
            return slot
        }
    }
}

extension MediaCommand {
    /// The participant a command is about.
    var participant: ParticipantID? {
        switch self {
        case .participantJoined(_, let id, _, _), .participantLeft(_, let id): id
        case .offer(let id, _), .answer(let id, _), .candidate(let id, _), .endOfCandidates(let id): id
        case .publish(let id, _), .unpublish(let id, _, _), .mute(let id, _, _), .maxLayer(let id, _, _, _): id
        case .bitrateCap: nil
        }
    }

    /// The room named by join and leave commands.
    var room: String? {
        switch self {
        case .participantJoined(let room, _, _, _), .participantLeft(let room, _): room
        default: nil
        }
    }
}
