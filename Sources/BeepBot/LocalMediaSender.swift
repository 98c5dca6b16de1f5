import BeepMedia
import BeepRTP
import BeepWire

/// Produces this bot's outgoing RTP: a 20 ms Opus frame of its tone per audio tick and a VP8
/// frame of the stamped test pattern per video tick, paced against the time elapsed since
/// media started (so a late tick catches up instead of drifting). Key frames on demand
/// (PLI/FIR). Not thread-safe: the bot's event loop owns it.
public final class LocalMediaSender {
    /// The audio track's SSRC.
    public let audioSSRC: UInt32
    /// The video track's SSRC.
    public let videoSSRC: UInt32
    /// Frames per second of video.
    public let fps: Int
    /// Send audio (false while muted).
    public var audioLive = true
    /// Send video (false while the camera is off).
    public var videoLive = true

    private var tone: ToneGenerator
    private let opus: OpusAudioEncoder
    private var opusPacketizer: OpusPacketizer
    private let pattern: TestPattern
    private let vp8: VP8VideoEncoder
    private var vp8Packetizer: VP8Packetizer
    private var forceKeyFrame = true
    private var mediaStart: MonotonicTime?
    private var audioFramesDue = 0
    private var videoFramesDue = 0
    private var frameNumber: UInt32 = 0
    /// The `--video-kbps` rate, the most a REMB can allow.
    private let configuredVideoKbps: Int
    /// Counters for the report.
    public private(set) var sent = SentReport(audioPackets: 0, videoFrames: 0, videoPackets: 0, keyFrames: 0,
                                              plisReceived: 0, firsReceived: 0, nackedPackets: 0, retransmissions: 0)

    /// A sender of `toneHz` audio and `width`×`height` video at `fps`.
    public init(toneHz: Double, audio: LocalTrack, video: LocalTrack, width: Int, height: Int, fps: Int,
                videoBitrateKbps: Int) throws(MediaError) {
        audioSSRC = audio.ssrc
        videoSSRC = video.ssrc
        self.fps = max(1, min(fps, 60))
        tone = ToneGenerator(frequency: toneHz)
        opus = try OpusAudioEncoder()
        opusPacketizer = OpusPacketizer(ssrc: audio.ssrc, payloadType: audio.payloadType,
                                        firstSequenceNumber: UInt16.random(in: 0...UInt16.max),
                                        firstTimestamp: UInt32.random(in: 0...UInt32.max))
        pattern = try TestPattern(width: width, height: height)
        vp8 = try VP8VideoEncoder(width: width, height: height, fps: self.fps, bitrateKbps: videoBitrateKbps)
        configuredVideoKbps = vp8.bitrateKbps
        vp8Packetizer = VP8Packetizer(ssrc: video.ssrc, payloadType: video.payloadType,
                                      firstSequenceNumber: UInt16.random(in: 0...UInt16.max),
                                      firstPictureID: UInt16.random(in: 0...0x7FFF))
    }

    /// The next video frame is a key frame (answering PLI or FIR, or camera on).
    public func requestKeyFrame(pli: Bool = false, fir: Bool = false) {
        forceKeyFrame = true
        if pli { sent.plisReceived += 1 }
        if fir { sent.firsReceived += 1 }
    }

    /// Notes a REMB for our streams and keeps the video within it: the video target becomes
    /// the REMB less ``audioAllowanceKbps`` (at least 50 kbit/s), never above the configured rate.
    public func noteREMB(bitsPerSecond: UInt64) {
        let kbps = Int(clamping: bitsPerSecond / 1000)
        sent.rembsReceived += 1
        sent.rembBitrateKbps = kbps
        try? vp8.setBitrate(kbps: min(configuredVideoKbps, kbps - Self.audioAllowanceKbps))
        sent.videoTargetKbps = vp8.bitrateKbps
    }

    /// What a REMB leaves for the audio (32 kbit/s Opus) and packet overhead.
    static let audioAllowanceKbps = 48

    /// Counts a NACK's packets and the retransmissions sent for it.
    public func countNACK(requested: Int, retransmitted: Int) {
        sent.nackedPackets += requested
        sent.retransmissions += retransmitted
    }

    /// The RTP packets due at `now` (`wallMillis`: wall clock in ms mod 2³² for the stamp).
    public func due(now: MonotonicTime, wallMillis: UInt32) -> [RTPPacket] {
        guard let start = mediaStart else {
            mediaStart = now
            return due(now: now, wallMillis: wallMillis)
        }
        let elapsed = now - start
        var packets: [RTPPacket] = []
        let audioTarget = Int(elapsed / .milliseconds(20)) + 1
        while audioFramesDue < audioTarget {
            audioFramesDue += 1
            let pcm = tone.nextFrame()
            if audioLive, let encoded = try? opus.encode(pcm) {
                packets.append(opusPacketizer.packetize(encoded))
                sent.audioPackets += 1
            } else {
                opusPacketizer.skip()
            }
        }
        let videoTarget = Int(elapsed / .milliseconds(1000 / Int64(fps))) + 1
        if videoFramesDue < videoTarget {
            // Never encode a backlog of video: one frame now, the rest skipped.
            videoFramesDue = videoTarget
            if videoLive { packets += videoFrame(now: now, wallMillis: wallMillis) }
        }
        return packets
    }

    private func videoFrame(now: MonotonicTime, wallMillis: UInt32) -> [RTPPacket] {
        let stamp = FrameStamp(frameNumber: frameNumber, sendTimeMillis: wallMillis)
        frameNumber &+= 1
        let key = forceKeyFrame
        guard let encoded = try? vp8.encode(pattern.frame(stamp), forceKeyFrame: key) else { return [] }
        if key || encoded.isKeyFrame { forceKeyFrame = false }
        if encoded.isKeyFrame { sent.keyFrames += 1 }
        // 90 kHz clock (RFC 7741 §4.1), from the media clock so frames are evenly spaced.
        let timestamp = UInt32(truncatingIfNeeded: (now.nanoseconds / 1_000_000) &* 90)
        guard let packets = try? vp8Packetizer.packetize(encoded, timestamp: timestamp) else { return [] }
        sent.videoFrames += 1
        sent.videoPackets += packets.count
        return packets
    }
}
