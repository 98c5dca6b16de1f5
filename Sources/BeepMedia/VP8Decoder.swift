import CBeepVPX

/// A libvpx VP8 decoder to I420 frames. The codec context lives on the heap and is destroyed
/// in `deinit`; confine to one thread.
public final class VP8VideoDecoder {
    private let context: UnsafeMutablePointer<vpx_codec_ctx_t>

    /// A single-threaded VP8 decoder.
    public init() throws(MediaError) {
        let newContext = UnsafeMutablePointer<vpx_codec_ctx_t>.allocate(capacity: 1)
        newContext.initialize(to: vpx_codec_ctx_t())
        let status = beep_vpx_codec_dec_init_vp8(newContext, nil, 0)
        guard status == VPX_CODEC_OK else {
            newContext.deinitialize(count: 1)
            newContext.deallocate()
            throw MediaError(.codecInit, "vpx_codec_dec_init (VP8): \(VP8VideoEncoder.message(status))")
        }
        context = newContext
    }

    deinit {
        vpx_codec_destroy(context)
        context.deinitialize(count: 1)
        context.deallocate()
    }

    /// Decodes one complete VP8 frame; returns the picture, or nil when the frame is not shown.
    public func decode(_ frame: [UInt8]) throws(MediaError) -> I420Frame? {
        guard !frame.isEmpty, frame.count <= Int(UInt32.max) else { throw MediaError(.badInput, "empty VP8 frame") }
        let status = frame.withUnsafeBufferPointer { buffer in
            vpx_codec_decode(context, buffer.baseAddress, UInt32(buffer.count), nil, 0)
        }
        guard status == VPX_CODEC_OK else { throw MediaError(.decode, "vpx_codec_decode: \(VP8VideoEncoder.message(status))") }
        var iterator: vpx_codec_iter_t?
        var picture: I420Frame?
        while let image = vpx_codec_get_frame(context, &iterator) {
            picture = Self.copy(image)
        }
        return picture
    }

    private static func copy(_ image: UnsafeMutablePointer<vpx_image_t>) -> I420Frame? {
        let width = Int(image.pointee.d_w), height = Int(image.pointee.d_h)
        guard image.pointee.fmt == VPX_IMG_FMT_I420, var frame = I420Frame(width: width, height: height),
              let yPlane = image.pointee.planes.0, let uPlane = image.pointee.planes.1,
              let vPlane = image.pointee.planes.2 else { return nil }
        frame.y = plane(yPlane, stride: Int(image.pointee.stride.0), width: width, height: height)
        frame.u = plane(uPlane, stride: Int(image.pointee.stride.1), width: width / 2, height: height / 2)
        frame.v = plane(vPlane, stride: Int(image.pointee.stride.2), width: width / 2, height: height / 2)
        return frame
    }

    private static func plane(_ base: UnsafeMutablePointer<UInt8>, stride: Int, width: Int, height: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: width * height)
        out.withUnsafeMutableBufferPointer { destination in
            guard let target = destination.baseAddress else { return }
            for row in 0..<height { (target + row * width).update(from: base + row * stride, count: width) }
        }
        return out
    }
}
