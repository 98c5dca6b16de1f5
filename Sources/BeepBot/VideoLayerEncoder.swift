import BeepMedia
import BeepRTP

/// One encoded video stream of a bot: the stamped test pattern at one size, its libvpx
/// encoder and RFC 7741 packetiser under its own SSRC. A simulcast camera has three of them
/// (RFC 8853: rids `q`, `h`, `f` at 1/4, 1/2 and full scale), each an independent encoder
/// answering PLI/FIR for its own SSRC; their packets carry the MID and RtpStreamId header
/// extensions (RFC 8843 §15, RFC 8852 §3) so the SFU learns which SSRC is which layer.
final class VideoLayerEncoder {
    /// The rid, or nil for a single-encoding camera.
    let rid: String?
    /// The SSRC this layer is sent under.
    let ssrc: UInt32
    /// The target bitrate this layer was configured with, the most a REMB can allow.
    let configuredKbps: Int
    /// The next frame is a key frame.
    var forceKeyFrame = true

    private let pattern: TestPattern
    private let encoder: VP8VideoEncoder
    private var packetizer: VP8Packetizer
    private let headerExtension: RTPHeaderExtension?

    /// A layer of `width`×`height` at `kbps`; with a `rid`, packets carry `mid` and `rid` in
    /// one-byte header extensions with the ids `extensionIDs` gives.
    init(rid: String?, ssrc: UInt32, payloadType: UInt8, width: Int, height: Int, fps: Int, kbps: Int,
         mid: String, extensionIDs: SimulcastExtensionIDs) throws(MediaError) {
        self.rid = rid
        self.ssrc = ssrc
        pattern = try TestPattern(width: width, height: height)
        encoder = try VP8VideoEncoder(width: width, height: height, fps: fps, bitrateKbps: kbps)
        configuredKbps = encoder.bitrateKbps
        packetizer = VP8Packetizer(ssrc: ssrc, payloadType: payloadType,
                                   firstSequenceNumber: UInt16.random(in: 0...UInt16.max),
                                   firstPictureID: UInt16.random(in: 0...0x7FFF))
        if let rid {
            do {
                headerExtension = try RTPHeaderExtension(elements: [
                    RTPHeaderExtensionElement(id: extensionIDs.mid, data: Array(mid.utf8)),
                    RTPHeaderExtensionElement(id: extensionIDs.rid, data: Array(rid.utf8)),
                ])
            } catch {
                throw MediaError(.badInput, "simulcast header extensions for rid \(rid): \(error)")
            }
        } else {
            headerExtension = nil
        }
    }

    /// The encoder's current target, kbit/s.
    var bitrateKbps: Int { encoder.bitrateKbps }

    /// Sets the target (REMB), never above the configured rate.
    func limit(kbps: Int) {
        try? encoder.setBitrate(kbps: min(configuredKbps, kbps))
    }

    /// Encodes the picture for `stamp` and packetises it at `timestamp` (90 kHz); the frame and
    /// whether it is a key frame, or nil when the rate controller dropped it.
    func encode(_ stamp: FrameStamp, timestamp: UInt32) -> (packets: [RTPPacket], keyFrame: Bool)? {
        let key = forceKeyFrame
        guard let encoded = try? encoder.encode(pattern.frame(stamp), forceKeyFrame: key) else { return nil }
        if key || encoded.isKeyFrame { forceKeyFrame = false }
        guard var packets = try? packetizer.packetize(encoded, timestamp: timestamp) else { return nil }
        if let headerExtension {
            for index in packets.indices { packets[index].headerExtension = headerExtension }
        }
        return (packets, encoded.isKeyFrame)
    }
}

/// The one-byte header extension ids a bot's simulcast video section maps (`a=extmap`,
/// RFC 8285 §8): MID and RtpStreamId.
public struct SimulcastExtensionIDs: Sendable, Hashable {
    /// `urn:ietf:params:rtp-hdrext:sdes:mid`.
    public var mid: UInt8 = 4
    /// `urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id`.
    public var rid: UInt8 = 10

    /// The bot's ids (Chromium's numbers).
    public init() {}
}

/// One layer of a bot's simulcast camera (docs/bot.md, "Simulcast"): its rid, SSRC, how much
/// smaller than the full picture it is and its share of `--video-kbps`.
public struct SimulcastLayerPlan: Sendable, Hashable {
    /// The rid (RFC 8851).
    public var rid: String
    /// The SSRC this layer is sent under.
    public var ssrc: UInt32
    /// Width and height are the full size divided by this (4, 2, 1).
    public var scaleDown: Int
    /// Target bitrate in percent of `--video-kbps`.
    public var bitratePercent: Int

    /// A layer.
    public init(rid: String, ssrc: UInt32, scaleDown: Int, bitratePercent: Int) {
        self.rid = rid
        self.ssrc = ssrc
        self.scaleDown = scaleDown
        self.bitratePercent = bitratePercent
    }

    /// The three layers Chromium sends for a camera (web/call/media.js CAMERA_ENCODINGS):
    /// `q` at 1/4 scale and 15 % of the rate, `h` at 1/2 and 40 %, `f` full size at 100 %,
    /// each under a fresh random SSRC.
    public static func threeLayers() -> [SimulcastLayerPlan] {
        [("q", 4, 15), ("h", 2, 40), ("f", 1, 100)].map { rid, scale, percent in
            SimulcastLayerPlan(rid: rid, ssrc: UInt32.random(in: 1...UInt32.max), scaleDown: scale,
                               bitratePercent: percent)
        }
    }
}
