/// Statistics of one remote track as a bot received it (the `remoteTracks` entries of
/// `--json`, docs/bot.md).
public struct RemoteTrackReport: Sendable, Hashable, Codable {
    /// The publishing participant.
    public var participantId: String
    /// Its identity (token `sub`), when known.
    public var identity: String?
    /// Its display name, when known.
    public var name: String?
    /// `audio` or `video`.
    public var kind: String
    /// The publisher's track id.
    public var trackId: String
    /// The SSRC the SFU sends it under.
    public var ssrc: UInt32
    /// RTP packets received (retransmissions included).
    public var packets: Int64
    /// Packets expected from the sequence numbers (RFC 3550 §A.3).
    public var packetsExpected: Int64
    /// Packets lost: expected minus received (never negative here).
    public var packetsLost: Int64
    /// Loss in percent of expected.
    public var lossPercent: Double
    /// Interarrival jitter (RFC 3550 §6.4.1) in milliseconds.
    public var jitterMs: Double
    /// Round-trip time of the transport to the SFU (RTCP SR/RR), milliseconds.
    public var rttMs: Double?
    /// Milliseconds from the bot's start to this track's first packet.
    public var firstPacketMs: Double?
    /// Video: frames decoded.
    public var framesDecoded: Int
    /// Video: frames whose stamp could not be read.
    public var unreadableFrames: Int
    /// Video: first and last frame numbers read from the pictures.
    public var firstFrameNumber: UInt32?
    /// Video: the last frame number read.
    public var lastFrameNumber: UInt32?
    /// Video: frame numbers that went backwards or repeated.
    public var frameNumberRegressions: Int
    /// Video: freezes (gaps over 200 ms while live).
    public var freezes: Int
    /// Video: the longest gap between frames while live, milliseconds.
    public var longestGapMs: Double
    /// Video: when the longest gap ended, milliseconds since the bot started.
    public var longestGapEndMs: Double?
    /// Video: sender-to-receiver delay from the embedded timestamps, milliseconds.
    public var endToEndDelayMs: SampleSummary?
    /// Video: PLIs this bot sent for the track.
    public var plisSent: Int
    /// NACKed packets this bot asked for.
    public var nacksSent: Int
    /// Audio: the tone frequency the publisher announced.
    public var expectedToneHz: Double?
    /// Audio: 100 ms windows holding the expected tone.
    public var toneWindows: Int
    /// Audio: windows analysed.
    public var audioWindows: Int
    /// Audio: the dominant frequency last measured.
    public var detectedToneHz: Double?
    /// Audio: mean level of audible windows, dBov.
    public var audioLevelDbov: Double?
    /// Audio: packets the decoder refused.
    public var decodeErrors: Int
    /// Video: frames decoded per picture size (`"160x120": 40`), which shows the simulcast
    /// layers the SFU forwarded (at most 8 sizes counted).
    public var frameSizes: [String: Int]? = nil
    /// Video: the size of the last decoded picture.
    public var lastFrameSize: String? = nil
}

/// What a bot sent.
public struct SentReport: Sendable, Hashable, Codable {
    /// Audio RTP packets sent.
    public var audioPackets: Int
    /// Video frames encoded and sent.
    public var videoFrames: Int
    /// Video RTP packets sent.
    public var videoPackets: Int
    /// Key frames sent (the first one, then on PLI/FIR).
    public var keyFrames: Int
    /// PLIs received for our video.
    public var plisReceived: Int
    /// FIRs received for our video.
    public var firsReceived: Int
    /// Packets NACKed by the SFU.
    public var nackedPackets: Int
    /// Packets retransmitted in answer.
    public var retransmissions: Int
    /// RTP packets dropped on purpose (`--simulate-loss`).
    public var simulatedDrops: Int = 0
    /// REMB messages received for our streams (draft-alvestrand-rmcat-remb-03; an operator's
    /// bitrate cap, docs/operations.md "Tuning").
    public var rembsReceived: Int = 0
    /// The bitrate of the last REMB received, kbit/s.
    public var rembBitrateKbps: Int?
    /// The video encoder's target after the last REMB, kbit/s (the REMB less the audio's share).
    public var videoTargetKbps: Int?
}

/// The whole run of one bot: its identity, timings, what it sent and received, and the
/// verdict (the `--json` output, docs/bot.md).
public struct BotReport: Sendable, Hashable, Codable {
    /// The room.
    public var room: String
    /// The participant id the server assigned.
    public var participantId: String?
    /// This bot's display name.
    public var name: String?
    /// This bot's tone frequency.
    public var toneHz: Double
    /// Milliseconds from start to `joined`.
    public var joinMs: Double?
    /// Milliseconds from start to DTLS-SRTP keyed (media can flow).
    public var mediaConnectedMs: Double?
    /// The SRTP profile negotiated.
    public var srtpProfile: String?
    /// Transport round-trip time to the SFU, milliseconds (latest).
    public var rttMs: Double?
    /// What was sent.
    public var sent: SentReport
    /// Per remote track.
    public var remoteTracks: [RemoteTrackReport]
    /// Remote participants seen in the call (participant id → name).
    public var participantsSeen: [String: String]
    /// Criteria that failed (empty: all met).
    public var failures: [String]
    /// True when every criterion was met.
    public var ok: Bool
    /// The exit code the process ends with.
    public var exitCode: Int32
    /// The error that ended the run early, if any.
    public var error: String?
    /// The type of the selected pair's local candidate (`host`, `relay`), the last one ICE chose.
    public var localCandidateType: String? = nil
    /// The selected pair, `local -> remote`.
    public var selectedPair: String? = nil
}
