import BeepSTUN
import BeepWire

extension TURNServer {
    /// A Send indication (RFC 8656 §11.3): relayed to XOR-PEER-ADDRESS from the relayed
    /// address when the allocation exists, the policy allows the peer and a permission
    /// covers it; otherwise silently dropped (indications get no response) and counted.
    mutating func relaySendIndication(_ indication: STUNMessage, on fiveTuple: TURNFiveTuple, now: MonotonicTime) {
        expireIfDue(fiveTuple, now: now)
        guard var allocation = allocationsByFiveTuple[fiveTuple],
              let received = indication.xorPeerAddresses.first, let data = indication.data else {
            statistics.droppedMalformed &+= 1
            return
        }
        let peer = TURNPeerAddressPolicy.normalized(received)
        guard peerError(peer, allocation: allocation) == nil else {
            statistics.droppedForbiddenPeer &+= 1
            return
        }
        guard allocation.hasPermission(for: peer, now: now) else {
            statistics.droppedNoPermission &+= 1
            return
        }
        emitToPeer(data, peer: peer, allocation: &allocation, fiveTuple: fiveTuple, now: now)
    }

    /// A ChannelData message from a client (RFC 8656 §12.6): relayed to the channel's peer
    /// when the channel is bound and the peer's permission is alive; dropped otherwise.
    mutating func relayChannelData(_ bytes: [UInt8], on fiveTuple: TURNFiveTuple, now: MonotonicTime) {
        guard let (number, payload) = TURNChannelFraming.parse(bytes, range: channelRange) else {
            statistics.droppedMalformed &+= 1
            return
        }
        expireIfDue(fiveTuple, now: now)
        guard var allocation = allocationsByFiveTuple[fiveTuple] else {
            statistics.droppedMalformed &+= 1
            return
        }
        guard let binding = allocation.channelsByNumber[number], now < binding.expiry,
              allocation.hasPermission(for: binding.peer, now: now),
              peerError(binding.peer, allocation: allocation) == nil else {
            statistics.droppedNoPermission &+= 1
            return
        }
        emitToPeer(Array(bytes[payload]), peer: binding.peer, allocation: &allocation, fiveTuple: fiveTuple, now: now)
    }

    /// Applies the bandwidth cap and queues the datagram toward the peer.
    private mutating func emitToPeer(_ data: [UInt8], peer: STUNAddress, allocation: inout TURNAllocation,
                                     fiveTuple: TURNFiveTuple, now: MonotonicTime) {
        if allocation.bucket != nil {
            let admitted = allocation.bucket?.admit(data.count, now: now) ?? true
            allocationsByFiveTuple[fiveTuple] = allocation
            guard admitted else {
                statistics.droppedOverBandwidth &+= 1
                return
            }
        }
        statistics.packetsToPeers &+= 1
        statistics.bytesToPeers &+= data.count
        outputs.append(.toPeer(relayed: allocation.info.relayedAddress, peer: peer, bytes: data))
    }

    /// A UDP datagram that reached the relay socket `relayed` from `peer` (RFC 8656 §10.3,
    /// §12.6): dropped unless a permission covers the peer's IP; sent to the client as
    /// ChannelData when a channel is bound to exactly that peer transport address (padded on
    /// TCP/TLS, RFC 8656 §12.5), otherwise as a Data indication with XOR-PEER-ADDRESS and DATA.
    public mutating func handlePeerDatagram(_ bytes: [UInt8], relayed: STUNAddress, from peer: STUNAddress,
                                            now: MonotonicTime) {
        let peer = TURNPeerAddressPolicy.normalized(peer)
        guard let fiveTuple = fiveTupleByRelay[relayed] else {
            statistics.droppedMalformed &+= 1
            return
        }
        expireIfDue(fiveTuple, now: now)
        guard var allocation = allocationsByFiveTuple[fiveTuple] else { return }
        guard allocation.hasPermission(for: peer, now: now), peerError(peer, allocation: allocation) == nil else {
            statistics.droppedNoPermission &+= 1
            return
        }
        if allocation.bucket != nil {
            let admitted = allocation.bucket?.admit(bytes.count, now: now) ?? true
            allocationsByFiveTuple[fiveTuple] = allocation
            guard admitted else {
                statistics.droppedOverBandwidth &+= 1
                return
            }
        }
        let message: [UInt8]?
        if let number = allocation.channelsByPeer[peer], let binding = allocation.channelsByNumber[number],
           now < binding.expiry {
            message = TURNChannelFraming.serialize(channel: number, data: bytes, padded: fiveTuple.transport.isStream)
        } else {
            let indication = STUNMessage(method: .data, messageClass: .indication,
                                         transactionID: .random(using: &generator),
                                         attributes: [.xorPeerAddress(peer), .data(bytes)])
            message = try? indication.serialize()
        }
        guard let message else {
            statistics.droppedMalformed &+= 1
            return
        }
        statistics.packetsToClients &+= 1
        statistics.bytesToClients &+= bytes.count
        outputs.append(.toClient(fiveTuple, bytes: message))
    }
}
