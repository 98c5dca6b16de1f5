import BeepSTUN
import BeepWire

/// A sans-IO TURN client (RFC 8656) with long-term credentials (RFC 8489 §9.2), e.g. the
/// "TURN REST API" credentials of ``TURNCredentials``.
///
/// The driver owns one socket (UDP) or connection (TCP/TLS) to
/// ``TURNClientConfiguration/server``. It calls ``allocate(now:)``, feeds every datagram or
/// stream chunk from the server to ``handleReceived(_:now:)``, calls ``handleTimeout(now:)``
/// when ``pollTimeout()`` is due, and after each input writes everything
/// ``pollTransmit()`` returns to the server and handles what ``pollEvent()`` returns. The
/// client never reads a clock or touches a socket.
///
/// Behaviour: Allocate is sent without credentials first and retried with USERNAME, REALM,
/// NONCE and MESSAGE-INTEGRITY after the 401 challenge (RFC 8656 §7.1-§7.3, RFC 8489 §9.2.3);
/// 438 Stale Nonce is retried with the new nonce (RFC 8489 §9.2.5); the allocation is
/// refreshed before it expires and released with LIFETIME 0 (RFC 8656 §8); permissions are
/// created on first use and refreshed every 4 minutes while used (RFC 8656 §9); channels are
/// bound on request and refreshed every 8 minutes while used (RFC 8656 §12). Requests are
/// retransmitted over UDP with a doubling RTO (RFC 8489 §6.2.1), never over TCP (§6.2.2).
/// Over TCP/TLS, STUN messages and padded ChannelData share the stream (RFC 8656 §12.5).
///
/// A value type with a single owner; Sendable so it can move between tasks.
public struct TURNClient: Sendable {
    /// The configuration.
    public let configuration: TURNClientConfiguration
    /// The allocation's state.
    public internal(set) var state: TURNClientState = .idle
    /// The relayed transport address, once allocated.
    public internal(set) var relayedAddress: STUNAddress?
    /// The client's address as the server saw it (XOR-MAPPED-ADDRESS of the Allocate response).
    public internal(set) var mappedAddress: STUNAddress?
    /// When the allocation expires unless refreshed.
    public internal(set) var allocationExpiry: MonotonicTime?
    /// Counters.
    public internal(set) var statistics = TURNClientStatistics()

    var authentication: TURNClientAuthentication?
    var transactions: [STUNTransactionID: TURNClientTransaction] = [:]
    var refreshAt: MonotonicTime?
    var refreshPending = false
    var permissions: [[UInt8]: TURNClientPermission] = [:]
    var channelsByNumber: [UInt16: TURNClientChannel] = [:]
    var channelsByPeer: [STUNAddress: UInt16] = [:]
    var nextChannelNumber: UInt16 = ChannelData.validChannelNumbers.lowerBound
    var streamBuffer: [UInt8] = []
    var transmits = TURNClientQueue<[UInt8]>()
    var events = TURNClientQueue<TURNClientEvent>()
    var generator: SplitMix64

    /// A client for `configuration`; `seed` fixes the transaction IDs (tests), otherwise
    /// they come from the system's random generator.
    public init(configuration: TURNClientConfiguration, seed: UInt64? = nil) {
        self.configuration = configuration
        var system = SystemRandomNumberGenerator()
        self.generator = SplitMix64(seed: seed ?? system.next())
    }

    /// The next bytes to send to the server (a datagram, or bytes to write on the stream),
    /// or nil.
    public mutating func pollTransmit() -> [UInt8]? {
        transmits.pop()
    }

    /// The next event, or nil.
    public mutating func pollEvent() -> TURNClientEvent? {
        events.pop()
    }

    /// True once the allocation exists and until it ends.
    public var isAllocated: Bool { state == .allocated }

    /// Starts the allocation (RFC 8656 §7.1): an Allocate request with REQUESTED-TRANSPORT
    /// UDP and LIFETIME, without credentials; the 401 answer supplies REALM and NONCE.
    /// Does nothing unless the client is idle.
    public mutating func allocate(now: MonotonicTime) {
        guard state == .idle else { return }
        state = .allocating
        var attributes: [STUNAttribute] = [.requestedTransport(protocolNumber: TURNServer.udpProtocolNumber)]
        if let lifetime = configuration.requestedLifetime { attributes.append(.lifetime(seconds: lifetime)) }
        startTransaction(.allocate, attributes: attributes, now: now)
    }

    /// Deletes the allocation with a Refresh of LIFETIME 0 (RFC 8656 §7.3 via §8); reports
    /// ``TURNClientEvent/released`` when answered or timed out. Before an allocation exists
    /// the client just stops.
    public mutating func release(now: MonotonicTime) {
        switch state {
        case .allocated:
            clearPeers()
            transactions.removeAll()
            state = .releasing
            refreshAt = nil
            startTransaction(.refresh(lifetime: 0), attributes: [.lifetime(seconds: 0)], now: now)
        case .idle, .allocating:
            transactions.removeAll()
            finishRelease()
        case .releasing, .released, .failed:
            break
        }
    }

    /// The TCP/TLS connection to the server closed: the allocation is gone (RFC 8656 §3.1).
    public mutating func handleConnectionClosed(now: MonotonicTime) {
        switch state {
        case .releasing: finishRelease()
        case .released, .failed: break
        default: fail(TURNClientError(.connectionClosed, "the \(configuration.transport.rawValue) connection to \(configuration.server) closed"))
        }
    }

    /// True when a permission for `peer`'s IP address is installed.
    public func hasPermission(for peer: STUNAddress) -> Bool {
        permissions[peer.addressBytes]?.installed ?? false
    }

    /// The channel number bound (confirmed) to `peer`, if any.
    public func boundChannel(for peer: STUNAddress) -> UInt16? {
        guard let number = channelsByPeer[peer], let channel = channelsByNumber[number], channel.bound else { return nil }
        return number
    }

    // MARK: - Internal helpers

    /// Ends everything and reports `error`.
    mutating func fail(_ error: TURNClientError) {
        transactions.removeAll()
        clearPeers()
        refreshAt = nil
        refreshPending = false
        state = .failed(error)
        events.append(.failed(error))
    }

    mutating func finishRelease() {
        transactions.removeAll()
        clearPeers()
        refreshAt = nil
        refreshPending = false
        state = .released
        events.append(.released)
    }

    mutating func clearPeers() {
        permissions.removeAll()
        channelsByNumber.removeAll()
        channelsByPeer.removeAll()
    }
}
