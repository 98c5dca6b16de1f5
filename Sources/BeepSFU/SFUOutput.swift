/// Something the router wants done, polled with ``SFURouter/pollOutput()``. Packets are
/// plaintext RTP/RTCP; the server hands them to the participant's peer session to protect
/// and send (`PeerSession.sendRTP(_:now:)`, `sendRTCP(_:)`).
public enum SFUOutput: Sendable, Hashable {
    /// Send this RTP packet to the participant.
    case rtp(to: ParticipantID, packet: [UInt8])
    /// Send this RTCP datagram (compound or reduced-size, RFC 5506) to the participant.
    case rtcp(to: ParticipantID, packet: [UInt8])
    /// Something happened that the control layer may want to know.
    case event(SFUEvent)
}

/// Events flowing upward from the router, as values.
public enum SFUEvent: Sendable, Hashable {
    /// The dominant speaker changed (smoothed RFC 6464 audio levels, with hysteresis).
    case activeSpeakerChanged(ParticipantID)
    /// A producer was muted: all its consumers are paused without renegotiation.
    case producerPaused(ProducerID)
    /// A producer was unmuted: its unpaused consumers resume (video waits for a key frame).
    case producerResumed(ProducerID)
    /// A video consumer waits for a key frame; a PLI toward the publisher is sent or scheduled.
    case consumerWaitingForKeyFrame(ConsumerID)
    /// A producer was removed (unpublished or its participant left); its consumers are gone.
    case producerClosed(ProducerID)
}
