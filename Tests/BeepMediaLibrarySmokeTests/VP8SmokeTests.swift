import CBeepVPX
import Testing

/// A libvpx codec context on the heap (libvpx keeps pointers into it, so it must not
/// move), destroyed with `vpx_codec_destroy` when the owner goes away.
final class VPXTestCodec {
    let context: UnsafeMutablePointer<vpx_codec_ctx_t>
    private var initialised = false

    init() {
        context = .allocate(capacity: 1)
        context.initialize(to: vpx_codec_ctx_t())
    }

    /// Records the init status; only a successfully initialised context is destroyed.
    func didInitialise(_ status: vpx_codec_err_t) -> vpx_codec_err_t {
        initialised = status == VPX_CODEC_OK
        return status
    }

    deinit {
        if initialised { vpx_codec_destroy(context) }
        context.deinitialize(count: 1)
        context.deallocate()
    }
}

/// One encoded VP8 frame copied out of libvpx's packet list.
struct EncodedVP8Frame {
    let bytes: [UInt8]
    let isKey: Bool
}

@Suite struct VP8SmokeTests {
    static let width: UInt32 = 320
    static let height: UInt32 = 240

    /// Luma test pattern: a diagonal gradient with a bright square that moves per frame.
    static func luma(x: Int, y: Int, frame: Int) -> UInt8 {
        let square = (x - frame * 8) >= 100 && (x - frame * 8) < 160 && y >= 80 && y < 140
        return square ? 235 : UInt8(truncatingIfNeeded: 16 + (x + y) * 180 / (320 + 240))
    }

    /// Fills an I420 image allocated by `vpx_img_alloc` with the pattern.
    static func fill(_ image: UnsafeMutablePointer<vpx_image_t>, frame: Int) throws {
        let yPlane = try #require(image.pointee.planes.0)
        let uPlane = try #require(image.pointee.planes.1)
        let vPlane = try #require(image.pointee.planes.2)
        let yStride = Int(image.pointee.stride.0)
        let uStride = Int(image.pointee.stride.1)
        let vStride = Int(image.pointee.stride.2)
        for y in 0..<Int(height) {
            for x in 0..<Int(width) {
                yPlane[y * yStride + x] = luma(x: x, y: y, frame: frame)
            }
        }
        for y in 0..<Int(height / 2) {
            for x in 0..<Int(width / 2) {
                uPlane[y * uStride + x] = UInt8(truncatingIfNeeded: 96 + x / 4)
                vPlane[y * vStride + x] = UInt8(truncatingIfNeeded: 160 - y / 4)
            }
        }
    }

    /// Collects every frame packet the encoder has ready.
    static func drainPackets(_ encoder: VPXTestCodec) -> [EncodedVP8Frame] {
        var frames: [EncodedVP8Frame] = []
        var iterator: vpx_codec_iter_t?
        while let packet = vpx_codec_get_cx_data(encoder.context, &iterator) {
            guard packet.pointee.kind == VPX_CODEC_CX_FRAME_PKT,
                  let buffer = packet.pointee.data.frame.buf else { continue }
            let bytes = [UInt8](UnsafeRawBufferPointer(start: buffer, count: packet.pointee.data.frame.sz))
            let isKey = packet.pointee.data.frame.flags & beep_VPX_FRAME_IS_KEY() != 0
            frames.append(EncodedVP8Frame(bytes: bytes, isKey: isKey))
        }
        return frames
    }

    /// Mean absolute difference between the decoded luma plane and the source pattern.
    static func lumaMeanAbsoluteDifference(_ image: UnsafeMutablePointer<vpx_image_t>, frame: Int) throws -> Double {
        let yPlane = try #require(image.pointee.planes.0)
        let stride = Int(image.pointee.stride.0)
        var total = 0
        for y in 0..<Int(height) {
            for x in 0..<Int(width) {
                total += abs(Int(yPlane[y * stride + x]) - Int(luma(x: x, y: y, frame: frame)))
            }
        }
        return Double(total) / Double(width * height)
    }

    @Test func encodeDecodeI420FramesRoundTrip() throws {
        var config = vpx_codec_enc_cfg_t()
        #expect(vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &config, 0) == VPX_CODEC_OK)
        config.g_w = Self.width
        config.g_h = Self.height
        config.g_timebase = vpx_rational(num: 1, den: 30)
        config.rc_target_bitrate = 1_000 // kbit/s
        config.rc_end_usage = VPX_CBR
        config.g_lag_in_frames = 0
        config.g_threads = 1
        config.kf_max_dist = 3000

        let encoder = VPXTestCodec()
        try #require(encoder.didInitialise(beep_vpx_codec_enc_init_vp8(encoder.context, &config, 0)) == VPX_CODEC_OK)
        #expect(beep_vp8e_set_cpuused(encoder.context, -6) == VPX_CODEC_OK)
        #expect(beep_vp8e_set_noise_sensitivity(encoder.context, 0) == VPX_CODEC_OK)
        #expect(beep_vp8e_set_token_partitions(encoder.context, Int32(VP8_TWO_TOKENPARTITION.rawValue)) == VPX_CODEC_OK)
        #expect(beep_vp8e_set_static_threshold(encoder.context, 1) == VPX_CODEC_OK)
        #expect(beep_vp8e_set_max_intra_bitrate_pct(encoder.context, 900) == VPX_CODEC_OK)
        #expect(beep_vp8e_set_enable_auto_alt_ref(encoder.context, 0) == VPX_CODEC_OK)
        #expect(beep_vp8e_set_temporal_layer_id(encoder.context, 0) == VPX_CODEC_OK)
        #expect(beep_vp8e_set_temporal_layer_id(encoder.context, 5) == VPX_CODEC_INVALID_PARAM,
                "only one temporal layer is configured")

        let decoder = VPXTestCodec()
        try #require(decoder.didInitialise(beep_vpx_codec_dec_init_vp8(decoder.context, nil, 0)) == VPX_CODEC_OK)

        let image = try #require(vpx_img_alloc(nil, VPX_IMG_FMT_I420, Self.width, Self.height, 16))
        defer { vpx_img_free(image) }

        let frameCount = 6
        let forcedKeyFrame = 4
        for frame in 0..<frameCount {
            try Self.fill(image, frame: frame)
            let flags: vpx_enc_frame_flags_t = frame == forcedKeyFrame ? beep_VPX_EFLAG_FORCE_KF() : 0
            let status = vpx_codec_encode(encoder.context, image, vpx_codec_pts_t(frame), 1, flags,
                                          beep_VPX_DL_REALTIME())
            try #require(status == VPX_CODEC_OK)
            let packets = Self.drainPackets(encoder)
            try #require(packets.count == 1, "one packet per frame without lag or partitions")
            let encoded = try #require(packets.first)
            #expect(encoded.isKey == (frame == 0 || frame == forcedKeyFrame), "frame \(frame) keyframe flag")
            // RFC 6386 §9.1: bit 0 of the first byte is 0 for a key frame.
            #expect((encoded.bytes.first.map { $0 & 1 == 0 }) == encoded.isKey)

            let decodeStatus = encoded.bytes.withUnsafeBufferPointer { buffer in
                vpx_codec_decode(decoder.context, buffer.baseAddress, UInt32(buffer.count), nil, 0)
            }
            try #require(decodeStatus == VPX_CODEC_OK)
            var iterator: vpx_codec_iter_t?
            let decoded = try #require(vpx_codec_get_frame(decoder.context, &iterator))
            #expect(decoded.pointee.d_w == Self.width)
            #expect(decoded.pointee.d_h == Self.height)
            #expect(decoded.pointee.fmt == VPX_IMG_FMT_I420)
            let difference = try Self.lumaMeanAbsoluteDifference(decoded, frame: frame)
            #expect(difference < 2.0, "frame \(frame) luma MAD \(difference)")
            #expect(vpx_codec_get_frame(decoder.context, &iterator) == nil, "one picture per packet")
        }
    }

    @Test func decoderRejectsGarbage() throws {
        let decoder = VPXTestCodec()
        try #require(decoder.didInitialise(beep_vpx_codec_dec_init_vp8(decoder.context, nil, 0)) == VPX_CODEC_OK)
        // An inter frame (bit 0 set) with no preceding keyframe cannot be decoded.
        let garbage: [UInt8] = [0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let status = garbage.withUnsafeBufferPointer { buffer in
            vpx_codec_decode(decoder.context, buffer.baseAddress, UInt32(buffer.count), nil, 0)
        }
        #expect(status != VPX_CODEC_OK)
    }

    /// Error concealment is a build option of libvpx: init succeeds exactly when the
    /// VP8 decoder advertises the capability.
    @Test func errorConcealmentFlagMatchesCapability() {
        let decoder = VPXTestCodec()
        let supported = vpx_codec_get_caps(vpx_codec_vp8_dx()) & Int(VPX_CODEC_CAP_ERROR_CONCEALMENT) != 0
        let status = decoder.didInitialise(
            beep_vpx_codec_dec_init_vp8(decoder.context, nil, beep_VPX_CODEC_USE_ERROR_CONCEALMENT()))
        #expect((status == VPX_CODEC_OK) == supported, "status \(status.rawValue), supported \(supported)")
    }

    /// With VPX_CODEC_USE_OUTPUT_PARTITION the encoder emits the first partition and each
    /// token partition as separate packets, all but the last flagged as fragments
    /// (RFC 7741 §4.4 partition-aware packetisation relies on this).
    @Test func outputPartitionSplitsFrameIntoFragments() throws {
        var config = vpx_codec_enc_cfg_t()
        #expect(vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &config, 0) == VPX_CODEC_OK)
        config.g_w = Self.width
        config.g_h = Self.height
        config.g_lag_in_frames = 0
        config.g_threads = 1
        let encoder = VPXTestCodec()
        try #require(encoder.didInitialise(
            beep_vpx_codec_enc_init_vp8(encoder.context, &config, beep_VPX_CODEC_USE_OUTPUT_PARTITION())) == VPX_CODEC_OK)
        #expect(beep_vp8e_set_token_partitions(encoder.context, Int32(VP8_FOUR_TOKENPARTITION.rawValue)) == VPX_CODEC_OK)
        let image = try #require(vpx_img_alloc(nil, VPX_IMG_FMT_I420, Self.width, Self.height, 16))
        defer { vpx_img_free(image) }
        try Self.fill(image, frame: 0)
        try #require(vpx_codec_encode(encoder.context, image, 0, 1, 0, beep_VPX_DL_REALTIME()) == VPX_CODEC_OK)

        var fragmentFlags: [Bool] = []
        var iterator: vpx_codec_iter_t?
        while let packet = vpx_codec_get_cx_data(encoder.context, &iterator) {
            guard packet.pointee.kind == VPX_CODEC_CX_FRAME_PKT else { continue }
            fragmentFlags.append(packet.pointee.data.frame.flags & beep_VPX_FRAME_IS_FRAGMENT() != 0)
        }
        // One first partition + 4 token partitions.
        #expect(fragmentFlags.count == 5)
        #expect(fragmentFlags == Array(repeating: true, count: max(0, fragmentFlags.count - 1)) + [false])
    }
}
