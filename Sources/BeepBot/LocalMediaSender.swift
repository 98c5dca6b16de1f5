import BeepMedia
import BeepRTP
import BeepWire

/// Produces this bot's outgoing RTP: a 20 ms Opus frame of its tone per audio tick and a VP8
/// frame of the stamped test pattern per video tick, paced against the time elapsed since
/// media started (so a late tick catches up instead of drifting). Key frames on demand
/// (PLI/FIR). With simulcast (the video track has rids) every tick encodes the same stamp in
/// each layer, so frame numbers keep increasing whichever layer a receiver gets. Not
/// thread-safe: the bot's event loop owns it.
public final class LocalMediaSender {
    /// The audio track's SSRC.
    public let audioSSRC: UInt32
    /// The video track's SSRC (its lowest layer's with simulcast).
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
    /// The video streams: one, or the simulcast layers lowest first.
    let videoLayers: [VideoLayerEncoder]
    private var mediaStart: MonotonicTime?
    private var audioFramesDue = 0
    private var videoFramesDue = 0
    private var frameNumber: UInt32 = 0
    /// Counters for the report.
    public private(set) var sent = SentReport(audioPackets: 0, videoFrames: 0, videoPackets: 0, keyFrames: 0,
                                              plisReceived: 0, firsReceived: 0, nackedPackets: 0, retransmissions: 0)

    /// A sender of `toneHz` audio and `width`×`height` video at `fps`; when `video` has
    /// simulcast layers, one encoder per layer at its ``SimulcastLayerPlan`` scale and share
    /// of `videoBitrateKbps`.
    public init(toneHz: Double, audio: LocalTrack, video: LocalTrack, width: Int, height: Int, fps: Int,
                videoBitrateKbps: Int) throws(MediaError) {
        audioSSRC = audio.ssrc
        videoSSRC = video.simulcastLayers.first?.ssrc ?? video.ssrc
        self.fps = max(1, min(fps, 60))
        tone = ToneGenerator(frequency: toneHz)
        opus = try OpusAudioEncoder()
        opusPacketizer = OpusPacketizer(ssrc: audio.ssrc, payloadType: audio.payloadType,
                                        firstSequenceNumber: UInt16.random(in: 0...UInt16.max),
                                        firstTimestamp: UInt32.random(in: 0...UInt32.max))
        if video.simulcastLayers.isEmpty {
            videoLayers = [try VideoLayerEncoder(rid: nil, ssrc: video.ssrc, payloadType: video.payloadType,
                                                 width: width, height: height, fps: self.fps,
                                                 kbps: videoBitrateKbps, mid: video.mid,
                                                 extensionIDs: video.extensionIDs)]
        } else {
            var layers: [VideoLayerEncoder] = []
            for layer in video.simulcastLayers {
                layers.append(try VideoLayerEncoder(
                    rid: layer.rid, ssrc: layer.ssrc, payloadType: video.payloadType,
                    width: width / layer.scaleDown, height: height / layer.scaleDown, fps: self.fps,
                    kbps: max(50, videoBitrateKbps * layer.bitratePercent / 100), mid: video.mid,
                    extensionIDs: video.extensionIDs))
            }
            videoLayers = layers
        }
    }

    /// True when `ssrc` is one of this sender's video streams.
    public func isVideo(ssrc: UInt32) -> Bool { videoLayers.contains { $0.ssrc == ssrc } }

    /// The next video frame of the layer sent under `ssrc` is a key frame (answering PLI or
    /// FIR for that layer, RFC 4585 §6.3.1, RFC 5104 §4.3.1); without `ssrc` every layer's
    /// (camera on).
    public func requestKeyFrame(ssrc: UInt32? = nil, pli: Bool = false, fir: Bool = false) {
        for layer in videoLayers where ssrc == nil || layer.ssrc == ssrc { layer.forceKeyFrame = true }
        if pli { sent.plisReceived += 1 }
        if fir { sent.firsReceived += 1 }
    }

    /// Notes a REMB for our streams and keeps the video within it: the video target (the top
    /// layer's, with simulcast) becomes the REMB less ``audioAllowanceKbps`` and, with
    /// simulcast, less the lower layers' rates (at least 50 kbit/s), never above the configured rate.
    public func noteREMB(bitsPerSecond: UInt64) {
        let kbps = Int(clamping: bitsPerSecond / 1000)
        sent.rembsReceived += 1
        sent.rembBitrateKbps = kbps
        guard let top = videoLayers.last else { return }
        let lower = videoLayers.dropLast().reduce(0) { $0 + $1.bitrateKbps }
        top.limit(kbps: kbps - Self.audioAllowanceKbps - lower)
        sent.videoTargetKbps = top.bitrateKbps
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
        // 90 kHz clock (RFC 7741 §4.1), from the media clock so frames are evenly spaced; the
        // layers of one picture share it (RFC 8853 §5.2: one capture, several encodings).
        let timestamp = UInt32(truncatingIfNeeded: (now.nanoseconds / 1_000_000) &* 90)
        var packets: [RTPPacket] = []
        for layer in videoLayers {
            guard let encoded = layer.encode(stamp, timestamp: timestamp) else { continue }
            if encoded.keyFrame { sent.keyFrames += 1 }
            sent.videoFrames += 1
            sent.videoPackets += encoded.packets.count
            packets += encoded.packets
        }
        return packets
    }
}
