import BeepSTUN
import BeepWire

/// Local and remote candidates, trickle ICE and pairing (RFC 8445 §5, §6.1.2; RFC 8838).
extension ICEAgent {
    /// Adds a local candidate: a host address the driver has bound (RFC 8445 §5.1.1.1). A full
    /// agent pairs it with every remote candidate of the same family (RFC 8445 §6.1.2.2).
    public func addLocalCandidate(_ candidate: ICECandidate) {
        guard connectionState != .closed,
              !localCandidates.contains(where: { $0.address == candidate.address }) else { return }
        localCandidates.append(candidate)
        // RFC 8445 §6.1.2.4: a server-reflexive candidate pairs like its base, so only host
        // (and relayed) candidates form pairs.
        guard !isLite, candidate.kind != .serverReflexive else { return }
        for remote in remoteCandidates { formPair(local: candidate, remote: remote) }
    }

    /// Adds a remote candidate from signalling (trickle ICE, RFC 8838 §11). Returns false and
    /// reports ``ICEEvent/remoteCandidateIgnored(reason:)`` when the candidate is not used:
    /// its address is outside the ``ICEAddressPolicy``, it is not component 1, or it duplicates
    /// a known one. A signalled candidate replaces a peer-reflexive one with the same address.
    @discardableResult
    public func addRemoteCandidate(_ candidate: ICECandidate) -> Bool {
        guard connectionState != .closed else { return false }
        guard configuration.addressPolicy.allows(candidate.address) else {
            return ignoreCandidate("\(candidate.address) is not allowed by the address policy")
        }
        guard candidate.component == 1 else {
            return ignoreCandidate("component \(candidate.component) is not used (rtcp-mux)")
        }
        if let index = remoteCandidates.firstIndex(where: { $0.address == candidate.address }) {
            guard remoteCandidates[index].kind == .peerReflexive else {
                return ignoreCandidate("\(candidate.address) is a duplicate")
            }
            remoteCandidates[index] = candidate
            for key in pairs.keys where key.remote == candidate.address {
                pairs[key]?.remote = candidate
            }
            return true
        }
        remoteCandidates.append(candidate)
        if !isLite {
            for local in localCandidates where local.kind != .serverReflexive {
                formPair(local: local, remote: candidate)
            }
        }
        return true
    }

    /// Records a remote candidate whose address is a host name rather than an IP literal. A
    /// `.local` name is an mDNS candidate (draft-ietf-mmusic-mdns-ice-candidates), which Beep
    /// never resolves; other names are not resolved either. Either way the candidate is
    /// ignored cleanly: counted and reported, never paired. Always returns false.
    @discardableResult
    public func addUnresolvedRemoteCandidate(hostname: String) -> Bool {
        let lowered = hostname.lowercased()
        let isMDNS = lowered.hasSuffix(".local") || lowered.hasSuffix(".local.")
        return ignoreCandidate(isMDNS ? "mDNS candidate \(hostname) is not resolved"
                                      : "host name candidate \(hostname) is not resolved")
    }

    /// The peer has sent all its candidates (RFC 8838 §13). A full agent whose checks have all
    /// failed then reports ``ICEConnectionState/failed``.
    public func endOfRemoteCandidates() {
        remoteCandidatesComplete = true
        evaluateChecklistFailure()
    }

    func ignoreCandidate(_ reason: String) -> Bool {
        counters.ignoredCandidates &+= 1
        events.append(.remoteCandidateIgnored(reason: reason))
        return false
    }

    /// Adds the pair to the check list in the Waiting state (RFC 8445 §6.1.2.6: with one
    /// stream and one component the frozen algorithm only orders checks by priority). Pairs of
    /// different address families are not formed (RFC 8445 §6.1.2.2).
    @discardableResult
    func formPair(local: ICECandidate, remote: ICECandidate) -> ICEPairKey? {
        guard local.address.family == remote.address.family,
              configuration.addressPolicy.allows(remote.address),
              configuration.transportPolicy == .all || local.kind == .relay else { return nil }
        let pair = ICECandidatePair(local: local, remote: remote)
        if pairs[pair.key] == nil {
            pairs[pair.key] = pair
            if connectionState == .new, remoteCredentials != nil { setState(.checking) }
        }
        return pair.key
    }

    /// The remote candidate for `address`, learning a peer-reflexive one when it is new
    /// (RFC 8445 §7.3.1.3).
    func remoteCandidate(for address: STUNAddress, priority: UInt32) -> ICECandidate {
        if let known = remoteCandidates.first(where: { $0.address == address }) { return known }
        let learnt = ICECandidate.peerReflexive(address, priority: priority)
        remoteCandidates.append(learnt)
        events.append(.peerReflexiveCandidate(learnt))
        return learnt
    }

    /// The local candidate whose address is `address` (the base a request arrived on); a host
    /// candidate is assumed when the driver did not announce it.
    func localCandidate(for address: STUNAddress) -> ICECandidate {
        localCandidates.first(where: { $0.address == address }) ?? .host(address)
    }
}
