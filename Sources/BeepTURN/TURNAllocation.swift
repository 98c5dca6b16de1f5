import BeepSTUN
import BeepWire

/// One allocation's state (RFC 8656 §5): relayed address, expiry, permissions and channels.
struct TURNAllocation: Sendable {
    var info: TURNAllocationInfo
    /// The quota key (REST user ID) of the credentials that created it.
    var userID: String
    var expiry: MonotonicTime
    /// The Allocate transaction and its success response, for retransmissions (RFC 8656 §7.2).
    var allocateTransaction: STUNTransactionID
    var allocateResponse: [UInt8]
    /// Permission expiry per peer IP (the port is ignored, RFC 8656 §9).
    var permissions: [[UInt8]: MonotonicTime] = [:]
    /// Channel bindings by number and by peer transport address (RFC 8656 §12).
    var channelsByNumber: [UInt16: TURNChannelBinding] = [:]
    var channelsByPeer: [STUNAddress: UInt16] = [:]
    var bucket: TURNTokenBucket?

    /// True when a live permission covers `peer`'s IP.
    func hasPermission(for peer: STUNAddress, now: MonotonicTime) -> Bool {
        guard let until = permissions[peer.addressBytes] else { return false }
        return now < until
    }

    /// Removes expired permissions and channel bindings.
    mutating func expire(now: MonotonicTime) {
        permissions = permissions.filter { now < $0.value }
        for (number, binding) in channelsByNumber where binding.expiry <= now {
            channelsByNumber[number] = nil
            channelsByPeer[binding.peer] = nil
        }
    }

    /// The earliest of the allocation, permission and channel deadlines.
    var nextDeadline: MonotonicTime {
        var deadline = expiry
        for until in permissions.values where until < deadline { deadline = until }
        for binding in channelsByNumber.values where binding.expiry < deadline { deadline = binding.expiry }
        return deadline
    }
}

/// A channel bound to a peer transport address (RFC 8656 §12).
struct TURNChannelBinding: Sendable, Hashable {
    var peer: STUNAddress
    var expiry: MonotonicTime
}
