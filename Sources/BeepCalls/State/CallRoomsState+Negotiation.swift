extension CallRoomsState {
    /// Client `offer` (RFC 8829 §5.2): at most one offer outstanding per participant; a
    /// client offer during a server offer is glare and the client, the polite peer, yields.
    mutating func receiveOffer(_ sdp: String, from connection: ConnectionID, requestID: String?,
                               into outputs: inout [CallOutput]) throws(SignallingError) {
        let entry = try inCall(connection)
        guard !entry.serverOfferOutstanding else {
            throw SignallingError(.glare, "the server's offer is outstanding: roll back, answer it, then offer again")
        }
        guard entry.clientOfferOutstanding == nil else {
            throw SignallingError(.outOfOrder, "the previous offer has not been answered yet")
        }
        connections[connection]?.clientOfferOutstanding = .some(requestID)
        outputs.append(.media(.offer(entry.participantId, sdp: sdp)))
    }

    /// Client `answer` to the server's outstanding offer (RFC 8829 §5.3).
    mutating func receiveAnswer(_ sdp: String, from connection: ConnectionID,
                                into outputs: inout [CallOutput]) throws(SignallingError) {
        let entry = try inCall(connection)
        guard entry.serverOfferOutstanding else {
            throw SignallingError(.outOfOrder, "no server offer is waiting for an answer")
        }
        connections[connection]?.serverOfferOutstanding = false
        outputs.append(.media(.answer(entry.participantId, sdp: sdp)))
    }

    /// SFU offer to a participant; dropped when the participant is gone.
    mutating func forwardOffer(_ sdp: String, to participant: ParticipantID, into outputs: inout [CallOutput]) {
        guard let connection = connectionsByParticipant[participant], connections[connection]?.inCall == true else {
            return
        }
        connections[connection]?.serverOfferOutstanding = true
        connections[connection]?.lastServerOffer = sdp
        // A detached participant gets the offer again when it resumes.
        guard connections[connection]?.isAttached == true else { return }
        outputs.append(.send(connection, ServerEnvelope(message: .offer(sdp: sdp))))
    }

    /// SFU answer to the participant's offer, replying to that offer's request id; dropped
    /// when no client offer is outstanding.
    mutating func forwardAnswer(_ sdp: String, to participant: ParticipantID, into outputs: inout [CallOutput]) {
        guard let connection = connectionsByParticipant[participant],
              let entry = connections[connection], entry.inCall,
              let requestID = entry.clientOfferOutstanding
        else { return }
        connections[connection]?.clientOfferOutstanding = nil
        // A detached participant's offer request died with its socket: it offers again.
        guard entry.isAttached else { return }
        outputs.append(.send(connection, ServerEnvelope(inReplyTo: requestID, message: .answer(sdp: sdp))))
    }

    /// SFU candidate to a participant (RFC 8838 §4).
    func forwardCandidate(_ line: ICECandidateLine, to participant: ParticipantID, into outputs: inout [CallOutput]) {
        guard let connection = connectionsByParticipant[participant], let entry = connections[connection],
              entry.inCall, entry.isAttached else { return }
        outputs.append(.send(connection, ServerEnvelope(message: .candidate(line))))
    }
}
