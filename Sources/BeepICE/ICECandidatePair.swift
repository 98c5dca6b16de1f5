import BeepSTUN

/// The state of a candidate pair in the check list (RFC 8445 §6.1.2.6).
enum ICEPairState: Sendable, Hashable {
    /// Waiting for its foundation to be unfrozen (not used: one stream, one component).
    case frozen
    /// Will be checked when the pacing timer allows.
    case waiting
    /// A check is outstanding.
    case inProgress
    /// A check succeeded: the pair is valid (RFC 8445 §7.2.5.3.2).
    case succeeded
    /// The check failed or timed out.
    case failed
}

/// The identity of a pair: local base and remote address.
struct ICEPairKey: Hashable {
    var local: STUNAddress
    var remote: STUNAddress
}

/// One candidate pair of the check list (RFC 8445 §6.1.2).
struct ICECandidatePair {
    var local: ICECandidate
    var remote: ICECandidate
    var state: ICEPairState = .waiting
    /// A USE-CANDIDATE check on this pair succeeded (controlling) or a USE-CANDIDATE check
    /// arrived and the pair is valid (controlled) (RFC 8445 §8.1.1, §7.3.1.5).
    var nominated = false
    /// Controlled: USE-CANDIDATE arrived before the pair was valid; nominate on success.
    var nominateOnSuccess = false

    var key: ICEPairKey { ICEPairKey(local: local.address, remote: remote.address) }

    /// Pair priority (RFC 8445 §6.1.2.3): with G the controlling agent's candidate priority
    /// and D the controlled agent's, `2^32 × min(G, D) + 2 × max(G, D) + (G > D ? 1 : 0)`.
    func priority(localRole: ICERole) -> UInt64 {
        localRole == .controlling
            ? ICEPairPriority.compute(controlling: local.priority, controlled: remote.priority)
            : ICEPairPriority.compute(controlling: remote.priority, controlled: local.priority)
    }
}

/// The local and remote transport addresses media uses.
public struct ICESelectedPair: Hashable, Sendable, CustomStringConvertible {
    /// The local base address to send from.
    public var local: STUNAddress
    /// The remote address to send to.
    public var remote: STUNAddress

    /// A pair from its two addresses.
    public init(local: STUNAddress, remote: STUNAddress) {
        self.local = local
        self.remote = remote
    }

    /// "local -> remote".
    public var description: String { "\(local) -> \(remote)" }
}

/// Pair priority (RFC 8445 §6.1.2.3).
public enum ICEPairPriority {
    /// The largest candidate priority RFC 8445 §5.1.2.1 allows, 2^31 − 1.
    public static let maximumCandidatePriority: UInt32 = 0x7FFF_FFFF

    /// `2^32 × min(G, D) + 2 × max(G, D) + (G > D ? 1 : 0)`, where G is the priority of the
    /// controlling agent's candidate and D the controlled agent's. Candidate priorities are
    /// clamped to 2^31 − 1, the RFC 8445 §5.1.2.1 maximum, so that a bogus PRIORITY from the
    /// wire cannot wrap the 64-bit result.
    public static func compute(controlling g: UInt32, controlled d: UInt32) -> UInt64 {
        let g = UInt64(min(g, maximumCandidatePriority))
        let d = UInt64(min(d, maximumCandidatePriority))
        return (min(g, d) << 32) &+ (max(g, d) << 1) &+ (g > d ? 1 : 0)
    }
}
