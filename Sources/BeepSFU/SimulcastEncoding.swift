/// One spatial encoding of a simulcast producer: its `rid` (RFC 8851 §4), its SSRC, and the
/// bitrate it needs up to each temporal layer (cumulative: index 0 is TID 0 alone, index 1 is
/// TIDs 0 and 1...). An encoding without temporal layers has one entry.
public struct SimulcastEncoding: Sendable, Hashable, Codable {
    /// The RTP stream id (`a=rid`, RFC 8851 §4), e.g. "q", "h", "f".
    public var rid: String
    /// The SSRC the publisher sends this encoding with.
    public var ssrc: UInt32
    /// Bits per second needed up to each temporal layer, non-decreasing.
    public var temporalBitrates: [Int64]

    /// An encoding.
    public init(rid: String, ssrc: UInt32, temporalBitrates: [Int64]) {
        self.rid = rid
        self.ssrc = ssrc
        self.temporalBitrates = temporalBitrates
    }
}
