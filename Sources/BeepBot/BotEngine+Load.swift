import BeepWire

extension BotEngine {
    /// RTP packets received so far over every remote track (load mode samples it at the start
    /// and end of its measuring window).
    public func packetsReceived() -> Int64 {
        (endedReceivers + Array(receivers.values)).reduce(0) { $0 + $1.packetsReceived }
    }

    /// RTP packets this bot's publisher side has sent so far (audio and video, first
    /// transmissions), exact even when the bot's loop lags behind what it receives.
    public func packetsSent() -> Int64 {
        Int64(sender.sent.audioPackets) + Int64(sender.sent.videoPackets)
    }

    /// Signalling outside Beep's protocol (the Janus adapter) accepted the bot as `participantID`:
    /// from now on DTLS-SRTP being keyed means media connected.
    func markJoined(participantID: String, name: String) {
        guard phase == .idle || phase == .joining else { return }
        joinedAt = Self.now()
        self.participantID = participantID
        self.name = name
        phase = .joined
    }
}
