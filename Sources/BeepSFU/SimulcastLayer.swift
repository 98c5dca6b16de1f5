/// One selectable layer of a simulcast producer: a spatial encoding (an RTP stream with its
/// own `rid` and SSRC, RFC 8853 §5.2) and a VP8 temporal layer within it (TID, RFC 7741 §4.2).
/// Ordered spatial first, then temporal: a higher value is a better picture.
public struct SimulcastLayer: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The spatial encoding index, 0 = lowest resolution.
    public var spatial: Int
    /// The highest temporal layer forwarded (TID), 0 = base frame rate only.
    public var temporal: Int

    /// A layer.
    public init(spatial: Int, temporal: Int) {
        self.spatial = spatial
        self.temporal = temporal
    }

    /// Spatial first, then temporal.
    public static func < (lhs: SimulcastLayer, rhs: SimulcastLayer) -> Bool {
        (lhs.spatial, lhs.temporal) < (rhs.spatial, rhs.temporal)
    }

    /// "S1T2".
    public var description: String { "S\(spatial)T\(temporal)" }

    /// True when this layer does not exceed `cap` in either dimension.
    public func fits(within cap: SimulcastLayer) -> Bool { spatial <= cap.spatial && temporal <= cap.temporal }
}
