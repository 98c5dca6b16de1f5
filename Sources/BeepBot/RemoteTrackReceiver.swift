import BeepMedia
import BeepPeer
import BeepRTP
import BeepSDP
import BeepWire

/// Feedback a receiver wants sent to the SFU for its track.
public enum ReceiverFeedback: Sendable, Hashable {
    /// Generic NACK for these sequence numbers (RFC 4585 §6.2.1).
    case nack([UInt16])
    /// Picture Loss Indication (RFC 4585 §6.3.1): a key frame is needed.
    case pictureLoss
}

/// Receives one remote track: RTP statistics (RFC 3550 §A.3, §A.8), then for audio Opus
/// decoding and the tone check, for video RFC 7741 reassembly, VP8 decoding, the embedded
/// frame number and timestamp, and freeze detection. Not thread-safe: the bot's event loop
/// owns it.
public final class RemoteTrackReceiver {
    /// What the SFU's offer said about the track.
    public let track: OfferedRemoteTrack
    /// The publisher's identity and name, when signalling told them.
    public var identity: String?
    /// The publisher's display name.
    public var name: String?
    /// False once the track ended (publisher left, track withdrawn, this bot left).
    public private(set) var isActive = true

    private var statistics: ReceptionStatistics
    private var firstPacket: MonotonicTime?
    private let started: MonotonicTime
    // Audio.
    private var opus: OpusAudioDecoder?
    private var tone: ToneTracker
    private var decodeErrors = 0
    // Video.
    private var depacketizer = VP8Depacketizer()
    private var vp8: VP8VideoDecoder?
    private var needsKeyFrame = true
    private var lastPictureLoss: MonotonicTime?
    private var freeze = FreezeDetector()
    private var remoteMuted = false
    private var framesDecoded = 0
    private var unreadableFrames = 0
    private var firstFrameNumber: UInt32?
    private var lastFrameNumber: UInt32?
    private var regressions = 0
    private var delays: [Double] = []
    private var plisSent = 0
    private var nacksSent = 0
    private var frameSizes: [String: Int] = [:]
    private var lastFrameSize: String?

    /// PLIs are repeated at most this often while no key frame arrives.
    static let pictureLossInterval: Duration = .milliseconds(300)
    /// Distinct decoded picture sizes counted (a simulcast track switches among three).
    static let maxFrameSizes = 8
    /// Delay samples kept (about 10 minutes at 15 fps).
    static let maxDelaySamples = 10_000
    /// The track id prefix of a bot's stamped test pattern (BotEngine names its video track so).
    static let stampedTrackPrefix = "pattern-"

    /// A receiver for `track`, counting join time from `started`; an audio track whose id
    /// announces no tone is checked for `fallbackToneHz` when given.
    public init(track: OfferedRemoteTrack, started: MonotonicTime, fallbackToneHz: Double? = nil) throws(MediaError) {
        self.track = track
        self.started = started
        let isAudio = track.kind == .audio
        statistics = ReceptionStatistics(ssrc: track.ssrc, clock: isAudio ? RTPClock.opus : RTPClock.video)
        tone = ToneTracker(expectedFrequency: isAudio ? ToneTracker.frequency(inTrackID: track.trackID) ?? fallbackToneHz : nil)
        if isAudio { opus = try OpusAudioDecoder() } else { vp8 = try VP8VideoDecoder() }
    }

    /// A decrypted RTP packet for this track arrived at `now` (`wallMillis`: the receiver's
    /// wall clock in ms mod 2³², for the end-to-end delay). Returns the feedback to send.
    public func receive(_ packet: [UInt8], header: RTPHeaderView, now: MonotonicTime, wallMillis: UInt32) -> [ReceiverFeedback] {
        guard isActive, header.payloadRange.upperBound <= packet.count else { return [] }
        if firstPacket == nil { firstPacket = now }
        _ = statistics.record(header, arrival: now)
        let payload = packet[header.payloadRange]
        if let opus {
            guard !payload.isEmpty else { return [] }
            do {
                tone.add(try opus.decode(Array(payload)))
            } catch {
                decodeErrors += 1
            }
            return []
        }
        let output = depacketizer.push(sequenceNumber: header.sequenceNumber, timestamp: header.timestamp,
                                       marker: header.marker, payload: payload, arrival: now)
        var feedback: [ReceiverFeedback] = []
        if !output.missing.isEmpty {
            nacksSent += output.missing.count
            feedback.append(.nack(output.missing))
        }
        for frame in output.frames where decode(frame, now: now, wallMillis: wallMillis) == false {
            if requestKeyFrame(now: now) { feedback.append(.pictureLoss) }
        }
        if needsKeyFrame, framesDecoded == 0, requestKeyFrame(now: now) { feedback.append(.pictureLoss) }
        return feedback
    }

    /// Decodes one reassembled frame; false when a key frame is needed first.
    private func decode(_ frame: DepacketizedVideoFrame, now: MonotonicTime, wallMillis: UInt32) -> Bool {
        if !frame.isKeyFrame && (needsKeyFrame || !frame.isContinuous) {
            needsKeyFrame = true
            return false
        }
        guard let vp8 else { return true }
        let picture: I420Frame?
        do {
            picture = try vp8.decode(frame.bytes)
        } catch {
            needsKeyFrame = true
            return false
        }
        needsKeyFrame = false
        guard let picture else { return true }
        framesDecoded += 1
        let switchedSize = countSize(of: picture)
        if !remoteMuted { freeze.frameDecoded(at: now) }
        // Only bots stamp their frames, and they say so in the track id (`pattern-…`); a
        // browser's camera could pass the stamp's CRC-8 by chance, so it is not read.
        guard track.trackID.hasPrefix(Self.stampedTrackPrefix) else { return true }
        guard let stamp = FrameStamp.read(from: picture) else {
            unreadableFrames += 1
            return true
        }
        if firstFrameNumber == nil { firstFrameNumber = stamp.frameNumber }
        // A simulcast layer switch may repeat the last picture once in the new size (the SFU
        // switches at the new layer's key frame of the same capture): not a regression.
        let repeatedBySwitch = stamp.frameNumber == lastFrameNumber && switchedSize
        if let last = lastFrameNumber, stamp.frameNumber <= last, !repeatedBySwitch { regressions += 1 }
        lastFrameNumber = stamp.frameNumber
        if delays.count < Self.maxDelaySamples {
            // Both clocks are this machine's wall clock (bots run side by side), mod 2³² ms.
            delays.append(Double(Int32(bitPattern: wallMillis &- stamp.sendTimeMillis)))
        }
        return true
    }

    /// Counts the decoded size (`WxH`): which simulcast layer the SFU forwarded. Returns true
    /// when it differs from the previous picture's (a layer switch).
    private func countSize(of picture: I420Frame) -> Bool {
        let size = "\(picture.width)x\(picture.height)"
        let switched = lastFrameSize != nil && lastFrameSize != size
        lastFrameSize = size
        if frameSizes[size] != nil || frameSizes.count < Self.maxFrameSizes { frameSizes[size, default: 0] += 1 }
        return switched
    }

    private func requestKeyFrame(now: MonotonicTime) -> Bool {
        if let last = lastPictureLoss, now - last < Self.pictureLossInterval { return false }
        lastPictureLoss = now
        plisSent += 1
        return true
    }

    /// RTP packets received so far (retransmissions included).
    public var packetsReceived: Int64 { statistics.packetsReceived }

    /// The publisher muted (camera off) or unmuted this track at `now`.
    /// While muted, frames still in flight are decoded but not timed; after the unmute the
    /// next frame starts a fresh freeze clock.
    public func setMuted(_ muted: Bool, now: MonotonicTime) {
        if muted && !remoteMuted { freeze.pause(at: now) }
        remoteMuted = muted
    }

    /// The track ended at `now`: nothing more is counted.
    public func end(at now: MonotonicTime) {
        guard isActive else { return }
        freeze.finish(at: now)
        isActive = false
    }

    /// The track's statistics (`rtt`: the transport's latest round trip).
    public func report(rtt: Duration?) -> RemoteTrackReport {
        let expected = max(statistics.packetsExpected, 0)
        let lost = max(statistics.cumulativeLost, 0)
        let clockRate = Double(statistics.clock.rate)
        return RemoteTrackReport(
            participantId: track.participantID, identity: identity, name: name, kind: track.kind.rawValue,
            trackId: track.trackID, ssrc: track.ssrc, packets: statistics.packetsReceived, packetsExpected: expected,
            packetsLost: lost, lossPercent: expected > 0 ? Double(lost) * 100 / Double(expected) : 0,
            jitterMs: statistics.jitter * 1000 / clockRate, rttMs: rtt.map(Self.milliseconds),
            firstPacketMs: firstPacket.map { Self.milliseconds($0 - started) },
            framesDecoded: framesDecoded, unreadableFrames: unreadableFrames, firstFrameNumber: firstFrameNumber,
            lastFrameNumber: lastFrameNumber, frameNumberRegressions: regressions, freezes: freeze.freezes,
            longestGapMs: Self.milliseconds(freeze.longestGap),
            longestGapEndMs: freeze.longestGapEnd.map { Self.milliseconds($0 - started) }, endToEndDelayMs: SampleSummary(delays),
            plisSent: plisSent, nacksSent: nacksSent, expectedToneHz: tone.expectedFrequency,
            toneWindows: tone.toneWindows, audioWindows: tone.windows, detectedToneHz: tone.dominantFrequency,
            audioLevelDbov: tone.meanLevelDBov, decodeErrors: decodeErrors,
            frameSizes: frameSizes.isEmpty ? nil : frameSizes, lastFrameSize: lastFrameSize)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
