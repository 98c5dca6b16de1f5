/// The network state the delay-based controller infers (draft-ietf-rmcat-gcc-02 §5.4).
public enum BandwidthUsage: String, Sendable, Hashable, Codable {
    /// Queues are stable.
    case normal
    /// Queues grow: the send rate exceeds the bottleneck capacity.
    case overusing
    /// Queues drain.
    case underusing
}
