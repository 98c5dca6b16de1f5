/// The connection state of an ``ICEAgent``, following the W3C `RTCIceConnectionState` names.
public enum ICEConnectionState: Sendable, Hashable, CustomStringConvertible {
    /// No check sent or received yet.
    case new
    /// Checks are under way (full) or a valid check arrived (lite); no pair selected.
    case checking
    /// A pair is selected and consent is fresh.
    case connected
    /// Reserved for "all checks done" (not emitted: the agent keeps a selected pair and stays
    /// ``connected``).
    case completed
    /// Consent is in doubt (RFC 7675 §5.1 checks unanswered for a while); media may resume.
    case disconnected
    /// Every pair failed, or consent expired (RFC 7675 §5.1); an ICE restart can recover.
    case failed
    /// ``ICEAgent/close()`` was called; the agent ignores further input.
    case closed

    /// The lowercase W3C name.
    public var description: String {
        switch self {
        case .new: "new"
        case .checking: "checking"
        case .connected: "connected"
        case .completed: "completed"
        case .disconnected: "disconnected"
        case .failed: "failed"
        case .closed: "closed"
        }
    }
}
