import BeepSTUN
import BeepWire

/// Permissions, channels and the data path in both directions (RFC 8656 §9-§12).
extension TURNClient {
    /// The largest application payload: a ChannelData length or DATA attribute is 16 bits.
    public static let maxPayloadLength = 65_535 - 64

    /// Installs (or refreshes) a permission for `peer`'s IP address with CreatePermission
    /// (RFC 8656 §9.1). ``send(_:to:now:)`` does this by itself on first use.
    public mutating func createPermission(for peer: STUNAddress, now: MonotonicTime) throws(TURNClientError) {
        try checkPeer(peer)
        let key = peer.addressBytes
        if var permission = permissions[key] {
            permission.lastUsed = now
            permissions[key] = permission
            return
        }
        permissions[key] = TURNClientPermission(peer: peer, pending: true, refreshedAt: now, lastUsed: now)
        startTransaction(.createPermission(peer: peer), attributes: [.xorPeerAddress(peer)], now: now)
    }

    /// Binds a channel to `peer` (RFC 8656 §11.1, §12): the next free number from 0x4000.
    /// Until the server confirms, data goes in Send indications; afterwards in ChannelData.
    /// Binding an already bound or pending peer does nothing (a lapsed binding is renewed
    /// with its old number).
    public mutating func bindChannel(to peer: STUNAddress, now: MonotonicTime) throws(TURNClientError) {
        try checkPeer(peer)
        if let number = channelsByPeer[peer], var channel = channelsByNumber[number] {
            guard !channel.bound, !channel.pending else { return }
            channel.pending = true
            channel.lastUsed = now
            channelsByNumber[number] = channel
            startTransaction(.channelBind(channel: number, peer: peer),
                             attributes: [.channelNumber(number), .xorPeerAddress(peer)], now: now)
            return
        }
        guard ChannelData.validChannelNumbers.contains(nextChannelNumber) else {
            throw TURNClientError(.channelsExhausted, "all channel numbers 0x4000-0x4fff are in use")
        }
        let number = nextChannelNumber
        nextChannelNumber &+= 1
        channelsByNumber[number] = TURNClientChannel(number: number, peer: peer, pending: true,
                                                     refreshedAt: now, lastUsed: now)
        channelsByPeer[peer] = number
        startTransaction(.channelBind(channel: number, peer: peer),
                         attributes: [.channelNumber(number), .xorPeerAddress(peer)], now: now)
    }

    /// Sends `payload` to `peer` through the relay: as ChannelData when a channel is bound
    /// (RFC 8656 §12.5, padded on TCP/TLS), else as a Send indication (§11.2) once a
    /// permission exists. Without a permission one is created first and the payload waits
    /// for it (at most ``TURNClientConfiguration/maxQueuedPacketsPerPeer`` per peer).
    public mutating func send(_ payload: [UInt8], to peer: STUNAddress, now: MonotonicTime) throws(TURNClientError) {
        try checkPeer(peer)
        guard payload.count <= Self.maxPayloadLength else {
            throw TURNClientError(.payloadTooLarge, "payload of \(payload.count) bytes exceeds \(Self.maxPayloadLength)")
        }
        let key = peer.addressBytes
        if let number = channelsByPeer[peer], var channel = channelsByNumber[number], channel.bound {
            channel.lastUsed = now
            channelsByNumber[number] = channel
            permissions[key]?.lastUsed = now
            emitChannelData(number, payload)
            return
        }
        guard var permission = permissions[key] else {
            try createPermission(for: peer, now: now)
            permissions[key]?.queue.append((peer, payload))
            return
        }
        permission.lastUsed = now
        if permission.installed {
            permissions[key] = permission
            emitSendIndication(payload, to: peer)
            return
        }
        if permission.queue.count >= max(1, configuration.maxQueuedPacketsPerPeer) {
            permission.queue.removeFirst()
            statistics.droppedQueueFull &+= 1
        }
        permission.queue.append((peer, payload))
        if !permission.pending {
            permission.pending = true
            startTransaction(.createPermission(peer: permission.peer), attributes: [.xorPeerAddress(permission.peer)], now: now)
        }
        permissions[key] = permission
    }

    /// Bytes from the server: one datagram over UDP, or any chunk of the stream over
    /// TCP/TLS (reassembled and cut into STUN and ChannelData frames, RFC 8656 §12.5). Input
    /// that does not parse is dropped and counted; an unframeable stream fails the client.
    public mutating func handleReceived(_ bytes: [UInt8], now: MonotonicTime) {
        switch state {
        case .idle, .released, .failed: return
        case .allocating, .allocated, .releasing: break
        }
        guard configuration.transport.isStream else {
            handleMessage(bytes, now: now)
            return
        }
        streamBuffer.append(contentsOf: bytes)
        let split: (frames: [ArraySlice<UInt8>], consumed: Int)
        do {
            split = try TURNChannelFraming.splitFrames(streamBuffer)
        } catch {
            streamBuffer.removeAll()
            fail(TURNClientError(.streamOutOfSync, "the stream from \(configuration.server) cannot be framed: \(error)"))
            return
        }
        let frames = split.frames.map { Array($0) }
        streamBuffer.removeFirst(min(split.consumed, streamBuffer.count))
        for frame in frames {
            handleMessage(frame, now: now)
        }
        if streamBuffer.count > configuration.maxStreamBufferBytes {
            streamBuffer.removeAll()
            fail(TURNClientError(.streamOutOfSync, "over \(configuration.maxStreamBufferBytes) bytes buffered without a complete frame"))
        }
    }

    /// One message from the server: ChannelData (RFC 8656 §12.6), a Data indication (§11.4)
    /// or a response.
    mutating func handleMessage(_ bytes: [UInt8], now: MonotonicTime) {
        if TURNChannelFraming.looksLikeChannelData(bytes) {
            guard let (number, range) = TURNChannelFraming.parse(bytes, range: TURNChannelFraming.widestRange),
                  let channel = channelsByNumber[number] else {
                statistics.droppedInput &+= 1
                return
            }
            statistics.channelDataReceived &+= 1
            channelsByNumber[number]?.lastUsed = now
            permissions[channel.peer.addressBytes]?.lastUsed = now
            events.append(.data(from: channel.peer, payload: Array(bytes[range])))
            return
        }
        guard STUNMessage.isSTUN(bytes), let message = try? STUNMessage.parse(bytes),
              !message.hasFingerprint || message.hasValidFingerprint else {
            statistics.droppedInput &+= 1
            return
        }
        switch message.messageClass {
        case .successResponse, .errorResponse:
            handleResponse(message, now: now)
        case .indication where message.method == .data:
            guard state == .allocated, let peer = message.xorPeerAddresses.first, let data = message.data else {
                statistics.droppedInput &+= 1
                return
            }
            statistics.dataIndicationsReceived &+= 1
            permissions[peer.addressBytes]?.lastUsed = now
            events.append(.data(from: peer, payload: data))
        case .indication, .request:
            statistics.droppedInput &+= 1
        }
    }

    /// Marks the permission for `peer`'s IP installed, schedules its refresh, and flushes
    /// the packets that waited for it.
    mutating func permissionInstalled(_ peer: STUNAddress, now: MonotonicTime, announce: Bool = true) {
        let key = peer.addressBytes
        var permission = permissions[key] ?? TURNClientPermission(peer: peer, refreshedAt: now, lastUsed: now)
        let first = !permission.installed
        permission.installed = true
        permission.pending = false
        permission.refreshedAt = now
        permission.refreshAt = now + configuration.permissionRefreshInterval
        let queued = permission.queue
        permission.queue = []
        permissions[key] = permission
        if first, announce { events.append(.permissionCreated(peer: permission.peer)) }
        for (target, payload) in queued {
            if let number = boundChannel(for: target) {
                emitChannelData(number, payload)
            } else {
                emitSendIndication(payload, to: target)
            }
        }
    }

    /// Throws unless allocated and `peer` has the relayed address's family (RFC 8656 §9.1).
    func checkPeer(_ peer: STUNAddress) throws(TURNClientError) {
        guard state == .allocated, let relayed = relayedAddress else {
            throw TURNClientError(.notAllocated, "no allocation on \(configuration.server) (state \(state))")
        }
        guard peer.family == relayed.family else {
            throw TURNClientError(.peerFamilyMismatch, "peer \(peer) is not of the relayed address's family")
        }
    }

    mutating func emitSendIndication(_ payload: [UInt8], to peer: STUNAddress) {
        let indication = STUNMessage(method: .send, messageClass: .indication,
                                     transactionID: .random(using: &generator),
                                     attributes: [.xorPeerAddress(peer), .data(payload)])
        guard let bytes = try? indication.serialize(fingerprint: configuration.fingerprint) else {
            statistics.droppedInput &+= 1
            return
        }
        statistics.sendIndications &+= 1
        transmits.append(bytes)
    }

    mutating func emitChannelData(_ number: UInt16, _ payload: [UInt8]) {
        guard let bytes = TURNChannelFraming.serialize(channel: number, data: payload,
                                                       padded: configuration.transport.isStream) else { return }
        statistics.channelDataSent &+= 1
        transmits.append(bytes)
    }
}
