import BeepSTUN
import BeepWire

/// A sans-IO TURN server (RFC 8656) with STUN Binding (RFC 8489) on the same port.
///
/// The driver feeds it what arrives: client datagrams (``handleDatagram(_:on:now:)``), bytes of
/// client TCP/TLS connections (``handleStreamBytes(_:on:now:)``, framed per RFC 8656 §12.5),
/// datagrams that reached a relay socket (``handlePeerDatagram(_:relayed:from:now:)``) and
/// timeouts (``pollTimeout()`` / ``handleTimeout(now:)``), and performs the
/// ``TURNServerOutput``s it polls with ``pollOutput()``. The server never chooses sockets
/// itself: relayed addresses come from a ``TURNRelayAllocator``, and packets toward peers are
/// emitted only for addresses the ``TURNPeerAddressPolicy`` allows and a permission covers
/// (no open relay, RFC 8656 §21.3).
public struct TURNServer: Sendable {
    /// The settings.
    public let configuration: TURNServerConfiguration
    /// Counters for metrics.
    public internal(set) var statistics = TURNServerStatistics()

    var allocator: any TURNRelayAllocator
    var allocationsByFiveTuple: [TURNFiveTuple: TURNAllocation] = [:]
    var fiveTupleByRelay: [STUNAddress: TURNFiveTuple] = [:]
    var allocationsPerUser: [String: Int] = [:]
    var streamBuffers: [TURNFiveTuple: [UInt8]] = [:]
    var reservations: [UInt64: TURNReservation] = [:]
    var nextSweep: MonotonicTime?
    var outputs: [TURNServerOutput] = []
    var outputIndex = 0
    var generator: SplitMix64
    let nonces: TURNNonce

    /// A server with `configuration`, taking relayed addresses from `allocator`; `seed`
    /// fixes the transaction IDs of Data indications (they need not be secret).
    public init(configuration: TURNServerConfiguration, allocator: some TURNRelayAllocator, seed: UInt64? = nil) {
        self.configuration = configuration
        self.allocator = allocator
        var system = SystemRandomNumberGenerator()
        self.generator = SplitMix64(seed: seed ?? system.next())
        self.nonces = TURNNonce(key: configuration.nonceKey, lifetime: configuration.nonceLifetime)
    }

    /// The allocations alive now.
    public var allocations: [TURNAllocationInfo] {
        allocationsByFiveTuple.values.map(\.info)
    }

    /// The next output, or nil when there is none.
    public mutating func pollOutput() -> TURNServerOutput? {
        guard outputIndex < outputs.count else {
            outputs.removeAll(keepingCapacity: true)
            outputIndex = 0
            return nil
        }
        let output = outputs[outputIndex]
        outputIndex += 1
        return output
    }

    /// One STUN or ChannelData message from a client: a UDP datagram, or one frame already
    /// cut from a stream. Anything malformed is dropped and counted, never fatal.
    public mutating func handleDatagram(_ bytes: [UInt8], on fiveTuple: TURNFiveTuple, now: MonotonicTime) {
        if TURNChannelFraming.looksLikeChannelData(bytes) {
            relayChannelData(bytes, on: fiveTuple, now: now)
        } else if STUNMessage.isSTUN(bytes), let message = try? STUNMessage.parse(bytes) {
            handleSTUN(message, on: fiveTuple, now: now)
        } else {
            statistics.droppedMalformed &+= 1
        }
    }

    /// Dispatches a parsed STUN message by class and method (RFC 8489 §6.3; RFC 8656 §7-§11).
    mutating func handleSTUN(_ message: STUNMessage, on fiveTuple: TURNFiveTuple, now: MonotonicTime) {
        if message.first(.fingerprint) != nil, !message.hasValidFingerprint {
            statistics.droppedMalformed &+= 1
            return
        }
        switch message.messageClass {
        case .request:
            switch message.method {
            case .binding: answerBinding(message, on: fiveTuple)
            case .allocate, .refresh, .createPermission, .channelBind:
                guard let credentials = authenticate(message, on: fiveTuple, now: now) else { return }
                if let unknown = message.unknownAttributeResponse() {
                    send(unknown, to: fiveTuple, key: credentials.key, request: message)
                    return
                }
                switch message.method {
                case .allocate: allocate(message, on: fiveTuple, credentials: credentials, now: now)
                case .refresh: refresh(message, on: fiveTuple, credentials: credentials, now: now)
                case .createPermission: createPermission(message, on: fiveTuple, credentials: credentials, now: now)
                default: channelBind(message, on: fiveTuple, credentials: credentials, now: now)
                }
            default:
                sendError(.badRequest, for: message, to: fiveTuple, key: nil)
            }
        case .indication:
            if message.method == .send { relaySendIndication(message, on: fiveTuple, now: now) }
        case .successResponse, .errorResponse:
            statistics.droppedMalformed &+= 1
        }
    }

    /// RFC 8489 §7.3: a Binding success response with XOR-MAPPED-ADDRESS; no credentials.
    mutating func answerBinding(_ request: STUNMessage, on fiveTuple: TURNFiveTuple) {
        if let unknown = request.unknownAttributeResponse() {
            send(unknown, to: fiveTuple, key: nil, request: request)
            return
        }
        send(request.successResponse(attributes: [.xorMappedAddress(fiveTuple.client)]),
             to: fiveTuple, key: nil, request: request)
    }

    /// Serializes and queues a response (signed with `key` when given; SOFTWARE added;
    /// FINGERPRINT when the request carried one). Returns the bytes sent.
    @discardableResult
    mutating func send(_ response: STUNMessage, to fiveTuple: TURNFiveTuple, key: STUNIntegrityKey?,
                       request: STUNMessage) -> [UInt8]? {
        var response = response
        if let software = configuration.software { response.attributes.append(.software(software)) }
        if response.messageClass == .errorResponse { statistics.errorResponses &+= 1 }
        guard let bytes = try? response.serialize(integrity: key, fingerprint: request.first(.fingerprint) != nil)
        else { return nil }
        outputs.append(.toClient(fiveTuple, bytes: bytes))
        return bytes
    }

    /// Queues an error response with `code` and extra attributes.
    mutating func sendError(_ code: STUNErrorCode, for request: STUNMessage, to fiveTuple: TURNFiveTuple,
                            key: STUNIntegrityKey?, attributes: [STUNAttribute] = []) {
        send(request.errorResponse(code, attributes: attributes), to: fiveTuple, key: key, request: request)
    }

    /// The channel numbers honoured: the configured range within 0x4000-0x7FFF.
    var channelRange: ClosedRange<UInt16> {
        configuration.channelNumbers.clamped(to: TURNChannelFraming.widestRange)
    }

    /// Unix seconds at `now`, from the configured origin.
    func unixTime(at now: MonotonicTime) -> Int64 {
        configuration.unixTimeAtOrigin &+ now.nanoseconds / 1_000_000_000
    }
}
