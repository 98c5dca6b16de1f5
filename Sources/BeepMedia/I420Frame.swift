/// A planar YUV 4:2:0 picture (what VP8 codes): a full-size luma plane and two chroma
/// planes of half width and half height, each tightly packed (stride = width).
public struct I420Frame: Sendable, Hashable {
    /// Width in pixels (even).
    public let width: Int
    /// Height in pixels (even).
    public let height: Int
    /// Luma, `width * height` bytes, row by row.
    public var y: [UInt8]
    /// Cb, `(width / 2) * (height / 2)` bytes.
    public var u: [UInt8]
    /// Cr, `(width / 2) * (height / 2)` bytes.
    public var v: [UInt8]

    /// A mid-grey frame; nil unless both sides are positive and even.
    public init?(width: Int, height: Int) {
        guard width > 0, height > 0, width % 2 == 0, height % 2 == 0, width <= 4096, height <= 4096 else { return nil }
        self.width = width
        self.height = height
        y = [UInt8](repeating: 128, count: width * height)
        u = [UInt8](repeating: 128, count: (width / 2) * (height / 2))
        v = [UInt8](repeating: 128, count: (width / 2) * (height / 2))
    }

    /// Mean luma of the rectangle (clipped to the frame); 0 when it is empty.
    public func meanLuma(x: Int, y top: Int, width w: Int, height h: Int) -> Double {
        let x0 = max(0, x), y0 = max(0, top)
        let x1 = min(width, x + w), y1 = min(height, top + h)
        guard x1 > x0, y1 > y0 else { return 0 }
        let stride = width
        let total = y.withUnsafeBufferPointer { plane -> Int in
            var sum = 0
            for row in y0..<y1 {
                let base = row * stride
                for column in x0..<x1 { sum += Int(plane[base + column]) }
            }
            return sum
        }
        return Double(total) / Double((x1 - x0) * (y1 - y0))
    }

    /// Fills a rectangle of the luma plane (clipped to the frame).
    public mutating func fillLuma(x: Int, y top: Int, width w: Int, height h: Int, value: UInt8) {
        let x0 = max(0, x), y0 = max(0, top)
        let x1 = min(width, x + w), y1 = min(height, top + h)
        guard x1 > x0, y1 > y0 else { return }
        let stride = width
        y.withUnsafeMutableBufferPointer { plane in
            guard let start = plane.baseAddress else { return }
            for row in y0..<y1 { (start + row * stride + x0).update(repeating: value, count: x1 - x0) }
        }
    }
}
