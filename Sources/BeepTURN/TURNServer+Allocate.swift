import BeepSTUN
import BeepWire

extension TURNServer {
    /// The UDP protocol number, the only REQUESTED-TRANSPORT served (RFC 8656 §7.2 step 3).
    static let udpProtocolNumber: UInt8 = 17

    /// Allocate (RFC 8656 §7.2): 437 when the 5-tuple already has an allocation (the same
    /// transaction gets its response again), 400 without REQUESTED-TRANSPORT, 442 for
    /// anything but UDP, 420 for DONT-FRAGMENT (not supported), 400 for RESERVATION-TOKEN
    /// with EVEN-PORT or REQUESTED-ADDRESS-FAMILY, 486 over the per-user or global quota, 508
    /// for an unknown RESERVATION-TOKEN or when no relay address is free, 440 for an unserved
    /// family. Success carries XOR-RELAYED-ADDRESS, LIFETIME, XOR-MAPPED-ADDRESS and, after
    /// EVEN-PORT with the R bit, RESERVATION-TOKEN for the next port; it is signed.
    mutating func allocate(_ request: STUNMessage, on fiveTuple: TURNFiveTuple,
                           credentials: TURNAuthenticatedUser, now: MonotonicTime) {
        let key = credentials.key
        expireIfDue(fiveTuple, now: now)
        if let existing = allocationsByFiveTuple[fiveTuple] {
            if existing.allocateTransaction == request.transactionID {
                outputs.append(.toClient(fiveTuple, bytes: existing.allocateResponse))
            } else {
                sendError(.allocationMismatch, for: request, to: fiveTuple, key: key)
            }
            return
        }
        guard let transport = request.requestedTransport else {
            sendError(.badRequest, for: request, to: fiveTuple, key: key)
            return
        }
        guard transport == Self.udpProtocolNumber else {
            sendError(.unsupportedTransportProtocol, for: request, to: fiveTuple, key: key)
            return
        }
        if request.first(.dontFragment) != nil {
            sendError(.unknownAttribute, for: request, to: fiveTuple, key: key,
                      attributes: [.unknownAttributes([.dontFragment])])
            return
        }
        var family = STUNAddress.Family.ipv4
        if case .requestedAddressFamily(let requested)? = request.first(.requestedAddressFamily) {
            family = requested
        }
        var reservationToken: UInt64?
        if case .reservationToken(let token)? = request.first(.reservationToken) { reservationToken = token }
        var reserveNextPort = false
        if case .evenPort(let reserve)? = request.first(.evenPort) { reserveNextPort = reserve }
        // RFC 8656 §7.2 step 5: RESERVATION-TOKEN excludes EVEN-PORT and REQUESTED-ADDRESS-FAMILY.
        if reservationToken != nil,
           request.first(.evenPort) != nil || request.first(.requestedAddressFamily) != nil {
            sendError(.badRequest, for: request, to: fiveTuple, key: key)
            return
        }
        guard allocationsByFiveTuple.count < configuration.maxAllocations,
              allocationsPerUser[credentials.quotaKey, default: 0] < configuration.maxAllocationsPerUser else {
            sendError(.allocationQuotaReached, for: request, to: fiveTuple, key: key)
            return
        }
        let relayed: STUNAddress
        var newToken: UInt64?
        if let reservationToken {
            // A port reserved by an earlier EVEN-PORT allocation; 508 when unknown or expired.
            guard let reservation = reservations.removeValue(forKey: reservationToken) else {
                sendError(.insufficientCapacity, for: request, to: fiveTuple, key: key)
                return
            }
            relayed = reservation.address
        } else {
            let relayRequest = TURNRelayRequest(fiveTuple: fiveTuple, family: family,
                                                evenPort: request.first(.evenPort) != nil)
            guard let reserved = reserveRelayAddress(relayRequest, reserveNextPort: reserveNextPort, now: now) else {
                sendError(family == .ipv4 ? .insufficientCapacity : .addressFamilyNotSupported,
                          for: request, to: fiveTuple, key: key)
                return
            }
            relayed = reserved.address
            newToken = reserved.token
        }
        let lifetime = grantedLifetime(requested: request.lifetime)
        var attributes: [STUNAttribute] = [
            .xorRelayedAddress(relayed),
            .lifetime(seconds: lifetime),
            .xorMappedAddress(fiveTuple.client),
        ]
        if let newToken { attributes.append(.reservationToken(newToken)) }
        guard let bytes = send(request.successResponse(attributes: attributes), to: fiveTuple, key: key, request: request)
        else {
            allocator.release(relayed)
            if let newToken { releaseReservation(newToken) }
            return
        }
        let info = TURNAllocationInfo(fiveTuple: fiveTuple, relayedAddress: relayed, username: credentials.username)
        var allocation = TURNAllocation(info: info, userID: credentials.quotaKey,
                                        expiry: now + .seconds(Int64(lifetime)),
                                        allocateTransaction: request.transactionID, allocateResponse: bytes)
        if let rate = configuration.bandwidthBytesPerSecond {
            allocation.bucket = TURNTokenBucket(bytesPerSecond: rate, burst: configuration.bandwidthBurstBytes, now: now)
        }
        allocationsByFiveTuple[fiveTuple] = allocation
        noteDeadline(allocation.expiry)
        fiveTupleByRelay[relayed] = fiveTuple
        allocationsPerUser[credentials.quotaKey, default: 0] += 1
        statistics.allocations = allocationsByFiveTuple.count
        // The driver must know the relay socket before the client hears of it.
        outputs.insert(.allocationCreated(info), at: outputs.count - 1)
    }

    /// Refresh (RFC 8656 §7.3): 437 without an allocation, 441 for another username, 443
    /// when REQUESTED-ADDRESS-FAMILY differs from the allocation's; LIFETIME 0 deletes the
    /// allocation, otherwise it is extended by the granted lifetime.
    mutating func refresh(_ request: STUNMessage, on fiveTuple: TURNFiveTuple,
                          credentials: TURNAuthenticatedUser, now: MonotonicTime) {
        guard var allocation = ownedAllocation(request, on: fiveTuple, credentials: credentials, now: now) else { return }
        if case .requestedAddressFamily(let family)? = request.first(.requestedAddressFamily),
           family != allocation.info.relayedAddress.family {
            sendError(.peerAddressFamilyMismatch, for: request, to: fiveTuple, key: credentials.key)
            return
        }
        if request.lifetime == 0 {
            endAllocation(fiveTuple, reason: .deleted)
            send(request.successResponse(attributes: [.lifetime(seconds: 0)]), to: fiveTuple,
                 key: credentials.key, request: request)
            return
        }
        let lifetime = grantedLifetime(requested: request.lifetime)
        allocation.expiry = now + .seconds(Int64(lifetime))
        allocationsByFiveTuple[fiveTuple] = allocation
        noteDeadline(allocation.expiry)
        send(request.successResponse(attributes: [.lifetime(seconds: lifetime)]), to: fiveTuple,
             key: credentials.key, request: request)
    }

    /// The allocation of `fiveTuple` for a request after Allocate, or nil after answering 437
    /// (none) or 441 (created with another username, RFC 8656 §5).
    mutating func ownedAllocation(_ request: STUNMessage, on fiveTuple: TURNFiveTuple,
                                  credentials: TURNAuthenticatedUser, now: MonotonicTime) -> TURNAllocation? {
        expireIfDue(fiveTuple, now: now)
        guard let allocation = allocationsByFiveTuple[fiveTuple] else {
            sendError(.allocationMismatch, for: request, to: fiveTuple, key: credentials.key)
            return nil
        }
        guard allocation.info.username == credentials.username else {
            sendError(.wrongCredentials, for: request, to: fiveTuple, key: credentials.key)
            return nil
        }
        return allocation
    }

    /// RFC 8656 §7.2: the requested lifetime capped at the maximum, raised to the default
    /// when shorter (or absent).
    func grantedLifetime(requested: UInt32?) -> UInt32 {
        let defaultSeconds = UInt32(clamping: configuration.defaultLifetime.components.seconds)
        let maxSeconds = max(defaultSeconds, UInt32(clamping: configuration.maxLifetime.components.seconds))
        guard let requested else { return defaultSeconds }
        return min(max(requested, defaultSeconds), maxSeconds)
    }

    /// Removes an allocation, frees its relayed address and tells the driver.
    mutating func endAllocation(_ fiveTuple: TURNFiveTuple, reason: TURNAllocationEndReason) {
        guard let allocation = allocationsByFiveTuple.removeValue(forKey: fiveTuple) else { return }
        fiveTupleByRelay[allocation.info.relayedAddress] = nil
        let remaining = allocationsPerUser[allocation.userID, default: 1] - 1
        allocationsPerUser[allocation.userID] = remaining > 0 ? remaining : nil
        allocator.release(allocation.info.relayedAddress)
        statistics.allocations = allocationsByFiveTuple.count
        outputs.append(.allocationEnded(allocation.info, reason: reason))
    }

    /// Ends the allocation of `fiveTuple` if its lifetime has passed.
    mutating func expireIfDue(_ fiveTuple: TURNFiveTuple, now: MonotonicTime) {
        if let allocation = allocationsByFiveTuple[fiveTuple], allocation.expiry <= now {
            endAllocation(fiveTuple, reason: .expired)
        }
    }
}
