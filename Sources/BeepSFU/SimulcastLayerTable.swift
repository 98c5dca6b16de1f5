/// The layers of a simulcast producer, lowest spatial encoding first, with their bitrates
/// (as announced or measured), for the allocator.
public struct SimulcastLayerTable: Sendable, Hashable, Codable {
    /// The spatial encodings, lowest first (at most 3 in Beep).
    public var encodings: [SimulcastEncoding]

    /// A table.
    public init(encodings: [SimulcastEncoding]) { self.encodings = encodings }

    /// The bitrate of a layer, nil when the table has no such layer.
    public func bitrate(of layer: SimulcastLayer) -> Int64? {
        guard encodings.indices.contains(layer.spatial) else { return nil }
        let rates = encodings[layer.spatial].temporalBitrates
        guard rates.indices.contains(layer.temporal) else { return nil }
        return rates[layer.temporal]
    }

    /// Every layer not above `cap` (all when nil), in ascending order (spatial, then temporal).
    public func ladder(cap: SimulcastLayer? = nil) -> [SimulcastLayer] {
        var layers: [SimulcastLayer] = []
        for (spatial, encoding) in encodings.enumerated() {
            for temporal in encoding.temporalBitrates.indices {
                let layer = SimulcastLayer(spatial: spatial, temporal: temporal)
                if cap.map({ layer.fits(within: $0) }) ?? true { layers.append(layer) }
            }
        }
        return layers
    }

    /// The spatial index of an SSRC, nil when it is not one of the encodings.
    public func spatialIndex(ofSSRC ssrc: UInt32) -> Int? { encodings.firstIndex { $0.ssrc == ssrc } }
}
