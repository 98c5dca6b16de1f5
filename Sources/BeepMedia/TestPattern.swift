/// The moving test picture a bot sends: a grey gradient with a white square that slides one
/// macroblock to the right per frame (so every frame differs), and a ``FrameStamp`` in the
/// top band.
public struct TestPattern: Sendable {
    /// Picture width.
    public let width: Int
    /// Picture height.
    public let height: Int
    private let background: I420Frame

    /// A pattern of `width`×`height` (even sides, room for the stamp band and 32 rows: at
    /// least 128×96, or 160×64 with the narrow band of simulcast's low layers).
    public init(width: Int = 320, height: Int = 240) throws(MediaError) {
        guard var frame = I420Frame(width: width, height: height),
              let band = FrameStamp.bandHeight(width: width), band + 32 <= height else {
            throw MediaError(.badInput, "test pattern \(width)x\(height) too small for the frame stamp")
        }
        for row in 0..<height {
            for column in 0..<width {
                frame.y[row * width + column] = UInt8(truncatingIfNeeded: 40 + (column + row) * 140 / (width + height))
            }
        }
        for index in frame.u.indices { frame.u[index] = 110 }
        for index in frame.v.indices { frame.v[index] = 150 }
        self.width = width
        self.height = height
        background = frame
    }

    /// The picture for `stamp` (its frame number places the moving square).
    public func frame(_ stamp: FrameStamp) -> I420Frame {
        var frame = background
        let band = FrameStamp.bandHeight(width: width) ?? 0
        let size = 32
        let travel = max(1, width - size)
        let x = Int(stamp.frameNumber % UInt32(travel / 16 + 1)) * 16
        frame.fillLuma(x: x, y: band + (height - band - size) / 2, width: size, height: size, value: 235)
        stamp.draw(into: &frame)
        return frame
    }
}
