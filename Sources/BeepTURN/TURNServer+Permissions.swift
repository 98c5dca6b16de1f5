import BeepSTUN
import BeepWire

extension TURNServer {
    /// CreatePermission (RFC 8656 §9.2): at least one XOR-PEER-ADDRESS (400 otherwise);
    /// every address must match the relayed family (443) and be allowed by the peer policy
    /// (403 Forbidden, RFC 8656 §9.2 and §21.3). All or nothing: on any error no permission
    /// is installed. Success installs or refreshes each permission for 300 s.
    mutating func createPermission(_ request: STUNMessage, on fiveTuple: TURNFiveTuple,
                                   credentials: TURNAuthenticatedUser, now: MonotonicTime) {
        guard var allocation = ownedAllocation(request, on: fiveTuple, credentials: credentials, now: now) else { return }
        let peers = request.xorPeerAddresses.map(TURNPeerAddressPolicy.normalized)
        guard !peers.isEmpty else {
            sendError(.badRequest, for: request, to: fiveTuple, key: credentials.key)
            return
        }
        for peer in peers {
            guard let error = peerError(peer, allocation: allocation) else { continue }
            sendError(error, for: request, to: fiveTuple, key: credentials.key)
            return
        }
        for peer in peers {
            allocation.permissions[peer.addressBytes] = now + configuration.permissionLifetime
        }
        allocationsByFiveTuple[fiveTuple] = allocation
        noteDeadline(now + configuration.permissionLifetime)
        send(request.successResponse(), to: fiveTuple, key: credentials.key, request: request)
    }

    /// ChannelBind (RFC 8656 §11.2): CHANNEL-NUMBER in ``TURNServerConfiguration/channelNumbers``
    /// (RFC 8656's 0x4000-0x4FFF, or RFC 5766's 0x4000-0x7FFF) and one XOR-PEER-ADDRESS
    /// (400 otherwise); 443 for a family mismatch; 403 for a refused peer; 400 when the
    /// channel is bound to another peer or the peer to another channel. Success binds or
    /// refreshes the channel for 600 s and the peer's permission for 300 s (RFC 8656 §12).
    mutating func channelBind(_ request: STUNMessage, on fiveTuple: TURNFiveTuple,
                              credentials: TURNAuthenticatedUser, now: MonotonicTime) {
        guard var allocation = ownedAllocation(request, on: fiveTuple, credentials: credentials, now: now) else { return }
        allocation.expire(now: now)
        guard let number = request.channelNumber, channelRange.contains(number),
              let received = request.xorPeerAddresses.first else {
            sendError(.badRequest, for: request, to: fiveTuple, key: credentials.key)
            return
        }
        let peer = TURNPeerAddressPolicy.normalized(received)
        if let error = peerError(peer, allocation: allocation) {
            sendError(error, for: request, to: fiveTuple, key: credentials.key)
            return
        }
        if let bound = allocation.channelsByNumber[number], bound.peer != peer {
            sendError(.badRequest, for: request, to: fiveTuple, key: credentials.key)
            return
        }
        if let boundNumber = allocation.channelsByPeer[peer], boundNumber != number {
            sendError(.badRequest, for: request, to: fiveTuple, key: credentials.key)
            return
        }
        allocation.channelsByNumber[number] = TURNChannelBinding(peer: peer, expiry: now + configuration.channelLifetime)
        allocation.channelsByPeer[peer] = number
        allocation.permissions[peer.addressBytes] = now + configuration.permissionLifetime
        allocationsByFiveTuple[fiveTuple] = allocation
        noteDeadline(now + configuration.permissionLifetime)
        noteDeadline(now + configuration.channelLifetime)
        send(request.successResponse(), to: fiveTuple, key: credentials.key, request: request)
    }

    /// 443 when `peer` (normalized) is not of the relayed family, 403 when the policy refuses
    /// it, nil when it may be used.
    func peerError(_ peer: STUNAddress, allocation: TURNAllocation) -> STUNErrorCode? {
        if peer.family != allocation.info.relayedAddress.family { return .peerAddressFamilyMismatch }
        if !configuration.peerPolicy.allows(peer) { return .forbidden }
        return nil
    }
}
