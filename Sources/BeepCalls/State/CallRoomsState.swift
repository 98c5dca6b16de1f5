import Foundation

/// The call rooms of the signalling service as a sans-IO state machine (issue 4 item 3).
///
/// One task owns it and feeds it ``CallInput`` values with the current wall-clock time
/// (used only for token expiry); it returns the ``CallOutput`` values to carry out, in
/// order: messages to connections (replies, broadcasts within the room, presence) and
/// commands to the SFU. It reads no clock and does no IO.
public struct CallRoomsState: Sendable {
    /// One connection that has entered a room, watching or in the call.
    struct Connection: Sendable {
        var room: String
        var grant: JoinGrant
        var participantId: ParticipantID
        var inCall: Bool
        var tracks: [TrackKind: TrackInfo] = [:]
        /// The server's offer waits for the client's answer.
        var serverOfferOutstanding = false
        /// The client's offer waits for the SFU's answer; the value is its request id.
        var clientOfferOutstanding: String?? = nil
        /// The SDP of the server's latest offer, sent again on `resume` while outstanding.
        var lastServerOffer: String?
        /// The secret `resume` must present (issued in `joined` when entering the call).
        var resumeSecret: String?
        /// Set while the WebSocket is gone: when the grace period ends.
        var graceDeadline: Date?
        /// The last connection quality told to the call.
        var quality: ConnectionQuality = .good
        /// Kinds the operator muted: the participant's own unmute is refused.
        var mutedByAdmin: Set<TrackKind> = []

        /// False while the participant waits for `resume`.
        var isAttached: Bool { graceDeadline == nil }

        var info: ParticipantInfo {
            ParticipantInfo(participantId: participantId, identity: grant.identity, name: grant.name,
                            tracks: TrackKind.allCases.compactMap { tracks[$0] })
        }
    }

    /// One room: its connections in arrival order and what was last said about it.
    struct Room: Sendable {
        var connections: [ConnectionID] = []
        var lastPresence: Presence?
        var lastSpeaker: ParticipantID??
    }

    let verifier: JoinTokenVerifier
    let iceServerIssuer: ICEServerIssuer
    let configuration: CallRoomsConfiguration
    var connections: [ConnectionID: Connection] = [:]
    var rooms: [String: Room] = [:]
    var connectionsByParticipant: [ParticipantID: ConnectionID] = [:]
    var nextParticipantNumber: UInt64 = 1
    /// Operator limits per room (kept while the room is empty).
    var roomLimits: [String: RoomLimits] = [:]
    /// The operator drains this node: no new rooms.
    var draining = false

    /// Creates empty state that admits holders of tokens `verifier` accepts; participants
    /// entering the call get the `iceServers` `iceServerIssuer` issues (TURN credentials);
    /// `configuration` sets the resume grace period.
    public init(verifier: JoinTokenVerifier, iceServerIssuer: ICEServerIssuer = .none,
                configuration: CallRoomsConfiguration = CallRoomsConfiguration()) {
        self.verifier = verifier
        self.iceServerIssuer = iceServerIssuer
        self.configuration = configuration
    }

    /// Handles one input at wall-clock time `now` and returns what to do, in order.
    public mutating func handle(_ input: CallInput, now: Date) -> [CallOutput] {
        var outputs: [CallOutput] = []
        switch input {
        case .frame(let connection, let bytes):
            do throws(SignallingError) {
                let envelope = try ClientEnvelope.decode(frame: bytes)
                handleMessage(envelope, from: connection, now: now, into: &outputs)
            } catch {
                let id = ClientEnvelope.requestID(ofUndecodableFrame: bytes)
                outputs.append(.send(connection, .error(error, inReplyTo: id)))
            }
        case .binaryFrame(let connection):
            outputs.append(.send(connection, .error(SignallingError(.badRequest, "binary frames are not accepted"),
                                                    inReplyTo: nil)))
        case .message(let connection, let envelope):
            handleMessage(envelope, from: connection, now: now, into: &outputs)
        case .disconnected(let connection):
            disconnect(connection, now: now, into: &outputs)
        case .tick:
            expireGracePeriods(now: now, into: &outputs)
        case .sfuOffer(let participant, let sdp):
            forwardOffer(sdp, to: participant, into: &outputs)
        case .sfuAnswer(let participant, let sdp):
            forwardAnswer(sdp, to: participant, into: &outputs)
        case .sfuCandidate(let participant, let line):
            forwardCandidate(line, to: participant, into: &outputs)
        case .activeSpeaker(let room, let speaker):
            announceSpeaker(speaker, in: room, into: &outputs)
        case .mediaTimedOut(let participant):
            removeForMediaTimeout(participant, into: &outputs)
        case .connectionQuality(let participant, let quality):
            announceQuality(quality, of: participant, into: &outputs)
        }
        return outputs
    }

    /// The presence list of `room`, or `nil` when nobody is in it.
    public func presence(ofRoom room: String) -> Presence? {
        rooms[room] == nil ? nil : computePresence(of: room)
    }

    /// The participant a connection is in the call as, or `nil` when it is not in the call.
    public func participant(of connection: ConnectionID) -> ParticipantInfo? {
        guard let entry = connections[connection], entry.inCall else { return nil }
        return entry.info
    }

    /// The connection of a participant, for routing SFU events.
    public func connection(of participant: ParticipantID) -> ConnectionID? {
        connectionsByParticipant[participant]
    }

    private mutating func handleMessage(_ envelope: ClientEnvelope, from connection: ConnectionID, now: Date,
                                        into outputs: inout [CallOutput]) {
        do throws(SignallingError) {
            switch envelope.message {
            case .join(let token, let room, let media):
                try join(connection, token: token, room: room, media: media, requestID: envelope.id, now: now,
                         into: &outputs)
            case .ping:
                outputs.append(.send(connection, ServerEnvelope(inReplyTo: envelope.id, message: .pong)))
            case .resume(let room, let participant, let secret):
                try resume(participant, secret: secret, room: room, on: connection, requestID: envelope.id,
                           into: &outputs)
            case .offer(let sdp):
                try receiveOffer(sdp, from: connection, requestID: envelope.id, into: &outputs)
            case .answer(let sdp):
                try receiveAnswer(sdp, from: connection, into: &outputs)
            case .candidate(let line):
                let entry = try inCall(connection)
                outputs.append(.media(.candidate(entry.participantId, line)))
            case .endOfCandidates:
                let entry = try inCall(connection)
                outputs.append(.media(.endOfCandidates(entry.participantId)))
            case .publish(let kind, let trackId, let mid):
                try publish(kind: kind, trackId: trackId, mid: mid, from: connection, requestID: envelope.id,
                            into: &outputs)
            case .unpublish(let kind):
                try unpublish(kind: kind, from: connection, requestID: envelope.id, into: &outputs)
            case .mute(let kind, let muted):
                try mute(kind: kind, muted: muted, from: connection, requestID: envelope.id, into: &outputs)
            case .maxLayer(let publisher, let kind, let layer):
                try requestMaxLayer(layer, of: publisher, kind: kind, from: connection, into: &outputs)
            case .leave:
                _ = try inCall(connection)
                leaveCall(connection, into: &outputs)
                broadcastPresenceIfChanged(in: connections[connection]?.room ?? "", excluding: nil, into: &outputs)
            }
        } catch {
            outputs.append(.send(connection, .error(error, inReplyTo: envelope.id)))
        }
    }

    /// The connection's entry when it is in the call; `not_joined` otherwise.
    func inCall(_ connection: ConnectionID) throws(SignallingError) -> Connection {
        guard let entry = connections[connection] else {
            throw SignallingError(.notJoined, "send join first")
        }
        guard entry.inCall else {
            throw SignallingError(.notJoined, "this connection only watches; join with media to do this")
        }
        return entry
    }

    /// Sends `message` to every in-call connection of `room`; the copy to `requester`
    /// carries `inReplyTo: requestID`.
    func broadcastToCall(_ message: ServerMessage, in room: String, excluding excluded: ConnectionID? = nil,
                         requester: ConnectionID? = nil, requestID: String? = nil,
                         into outputs: inout [CallOutput]) {
        for member in rooms[room]?.connections ?? [] where member != excluded {
            guard let entry = connections[member], entry.inCall, entry.isAttached else { continue }
            let reply = member == requester ? requestID : nil
            outputs.append(.send(member, ServerEnvelope(inReplyTo: reply, message: message)))
        }
    }
}
