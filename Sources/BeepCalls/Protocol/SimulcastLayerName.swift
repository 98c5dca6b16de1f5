/// A simulcast spatial layer as a subscriber names it in `maxLayer` (docs/signalling.md): the
/// `rid`s Beep's call page gives its three encodings (RFC 8853), lowest first.
public enum SimulcastLayerName: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// The quarter-size encoding (spatial layer 0).
    case q
    /// The half-size encoding (spatial layer 1).
    case h
    /// The full-size encoding (spatial layer 2).
    case f

    /// The spatial layer index: 0 for `q`, 1 for `h`, 2 for `f`.
    public var spatialIndex: Int {
        switch self {
        case .q: 0
        case .h: 1
        case .f: 2
        }
    }
}
