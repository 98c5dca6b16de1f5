/// The role an ICE agent plays in a session (RFC 8445 §2.3, §6.1.1): the controlling agent
/// nominates the candidate pair, the controlled agent follows its nomination. A lite agent is
/// always controlled when its peer is a full agent (RFC 8445 §6.1.1).
public enum ICERole: Sendable, Hashable, CustomStringConvertible {
    /// Chooses and nominates the pair (sends USE-CANDIDATE).
    case controlling
    /// Follows the nomination of the peer.
    case controlled

    /// The opposite role, taken after a role conflict (RFC 8445 §7.2.5.1, §7.3.1.1).
    public var opposite: ICERole { self == .controlling ? .controlled : .controlling }

    /// "controlling" or "controlled".
    public var description: String { self == .controlling ? "controlling" : "controlled" }
}
