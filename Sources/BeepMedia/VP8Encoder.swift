import CBeepVPX

/// One encoded VP8 frame (RFC 6386): its bytes and whether it is a key frame.
public struct EncodedVideoFrame: Sendable, Hashable {
    /// The compressed frame.
    public var bytes: [UInt8]
    /// True for a key frame (decodable on its own).
    public var isKeyFrame: Bool

    /// A frame.
    public init(bytes: [UInt8], isKeyFrame: Bool) {
        self.bytes = bytes
        self.isKeyFrame = isKeyFrame
    }
}

/// A libvpx VP8 encoder for real-time video (no lag, CBR). The codec context lives on the
/// heap (libvpx keeps pointers into it) and is destroyed in `deinit`; confine to one thread.
public final class VP8VideoEncoder {
    /// Frame width.
    public let width: Int
    /// Frame height.
    public let height: Int
    private let context: UnsafeMutablePointer<vpx_codec_ctx_t>
    private let image: UnsafeMutablePointer<vpx_image_t>
    private var pts: vpx_codec_pts_t = 0
    /// The configuration in force (libvpx takes a changed copy in ``setBitrate(kbps:)``).
    private var config: vpx_codec_enc_cfg_t
    /// The target bitrate in kbit/s.
    public private(set) var bitrateKbps: Int

    /// An encoder for `width`×`height` frames at about `fps` frames per second and
    /// `bitrateKbps` kbit/s.
    public init(width: Int, height: Int, fps: Int = 15, bitrateKbps: Int = 500) throws(MediaError) {
        guard width > 0, height > 0, width <= 4096, height <= 4096, width % 2 == 0, height % 2 == 0 else {
            throw MediaError(.badInput, "VP8 frame size \(width)x\(height) must be even and within 4096")
        }
        var config = vpx_codec_enc_cfg_t()
        let defaults = vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &config, 0)
        guard defaults == VPX_CODEC_OK else {
            throw MediaError(.codecInit, "vpx_codec_enc_config_default: \(Self.message(defaults))")
        }
        config.g_w = UInt32(width)
        config.g_h = UInt32(height)
        config.g_timebase = vpx_rational(num: 1, den: Int32(clamping: max(1, fps)))
        config.rc_target_bitrate = UInt32(clamping: max(50, bitrateKbps))
        config.rc_end_usage = VPX_CBR
        // Never drop frames to meet the rate: receivers count gaps as freezes.
        config.rc_dropframe_thresh = 0
        config.g_lag_in_frames = 0
        config.g_threads = 1
        config.g_error_resilient = UInt32(VPX_ERROR_RESILIENT_DEFAULT)
        config.kf_mode = VPX_KF_AUTO
        config.kf_max_dist = 3000
        guard let allocatedImage = vpx_img_alloc(nil, VPX_IMG_FMT_I420, UInt32(width), UInt32(height), 16) else {
            throw MediaError(.codecInit, "vpx_img_alloc failed for \(width)x\(height)")
        }
        // Set up with locals; `self` owns them only once nothing can fail (no double free in deinit).
        let newContext = UnsafeMutablePointer<vpx_codec_ctx_t>.allocate(capacity: 1)
        newContext.initialize(to: vpx_codec_ctx_t())
        let status = beep_vpx_codec_enc_init_vp8(newContext, &config, 0)
        guard status == VPX_CODEC_OK else {
            vpx_img_free(allocatedImage)
            newContext.deinitialize(count: 1)
            newContext.deallocate()
            throw MediaError(.codecInit, "vpx_codec_enc_init (VP8): \(Self.message(status))")
        }
        _ = beep_vp8e_set_cpuused(newContext, 8)
        _ = beep_vp8e_set_noise_sensitivity(newContext, 0)
        _ = beep_vp8e_set_static_threshold(newContext, 1)
        _ = beep_vp8e_set_max_intra_bitrate_pct(newContext, 900)
        self.width = width
        self.height = height
        self.config = config
        self.bitrateKbps = Int(config.rc_target_bitrate)
        image = allocatedImage
        context = newContext
    }

    /// Changes the target bitrate (at least 50 kbit/s) from the next frame on, as a sender
    /// does when its bandwidth estimate or a receiver's REMB changes (`vpx_codec_enc_config_set`).
    public func setBitrate(kbps: Int) throws(MediaError) {
        let target = UInt32(clamping: max(50, kbps))
        guard target != config.rc_target_bitrate else { return }
        var changed = config
        changed.rc_target_bitrate = target
        let status = vpx_codec_enc_config_set(context, &changed)
        guard status == VPX_CODEC_OK else {
            throw MediaError(.encode, "vpx_codec_enc_config_set: \(Self.message(status))")
        }
        config = changed
        bitrateKbps = Int(target)
    }

    deinit {
        vpx_codec_destroy(context)
        context.deinitialize(count: 1)
        context.deallocate()
        vpx_img_free(image)
    }

    /// Encodes one frame; `forceKeyFrame` answers a PLI or FIR (RFC 4585 §6.3.1, RFC 5104
    /// §4.3.1). Returns nil when the rate controller dropped the frame.
    public func encode(_ frame: I420Frame, forceKeyFrame: Bool = false) throws(MediaError) -> EncodedVideoFrame? {
        guard frame.width == width, frame.height == height else {
            throw MediaError(.badInput, "frame \(frame.width)x\(frame.height), encoder \(width)x\(height)")
        }
        copy(frame.y, plane: 0, width: width, height: height)
        copy(frame.u, plane: 1, width: width / 2, height: height / 2)
        copy(frame.v, plane: 2, width: width / 2, height: height / 2)
        let flags: vpx_enc_frame_flags_t = forceKeyFrame ? beep_VPX_EFLAG_FORCE_KF() : 0
        let status = vpx_codec_encode(context, image, pts, 1, flags, beep_VPX_DL_REALTIME())
        pts += 1
        guard status == VPX_CODEC_OK else { throw MediaError(.encode, "vpx_codec_encode: \(Self.message(status))") }
        var result: EncodedVideoFrame?
        var iterator: vpx_codec_iter_t?
        while let packet = vpx_codec_get_cx_data(context, &iterator) {
            guard packet.pointee.kind == VPX_CODEC_CX_FRAME_PKT, let buffer = packet.pointee.data.frame.buf else { continue }
            let bytes = [UInt8](UnsafeRawBufferPointer(start: buffer, count: packet.pointee.data.frame.sz))
            let isKey = packet.pointee.data.frame.flags & beep_VPX_FRAME_IS_KEY() != 0
            if var existing = result {
                existing.bytes += bytes
                result = existing
            } else {
                result = EncodedVideoFrame(bytes: bytes, isKeyFrame: isKey)
            }
        }
        return result
    }

    private func copy(_ source: [UInt8], plane: Int, width: Int, height: Int) {
        let destination: UnsafeMutablePointer<UInt8>?
        let stride: Int
        switch plane {
        case 0: (destination, stride) = (image.pointee.planes.0, Int(image.pointee.stride.0))
        case 1: (destination, stride) = (image.pointee.planes.1, Int(image.pointee.stride.1))
        default: (destination, stride) = (image.pointee.planes.2, Int(image.pointee.stride.2))
        }
        guard let destination, source.count >= width * height else { return }
        source.withUnsafeBufferPointer { input in
            guard let base = input.baseAddress else { return }
            for row in 0..<height {
                (destination + row * stride).update(from: base + row * width, count: width)
            }
        }
    }

    static func message(_ status: vpx_codec_err_t) -> String {
        guard let text = vpx_codec_err_to_string(status) else { return "status \(status.rawValue)" }
        return "\(String(cString: text)) (\(status.rawValue))"
    }
}
