import BeepCalls
import BeepRTCP
import BeepRTP
import BeepSDP
import BeepWire

/// What one input did to a parser.
public enum FuzzOutcome: Sendable, Equatable {
    /// The parser accepted the input and every invariant held (round trips, ranges).
    case accepted
    /// The parser refused the input with its typed error; `reason` is the error's description.
    case rejected(reason: String)
    /// The parser accepted the input but an invariant failed: a bug to fix.
    case invariantViolated(String)
}

/// Every parser that reads bytes from the network or from a client, as one fuzzable entry
/// point each. The malformed-input tests and the libFuzzer harness (`tools/fuzz`) both go
/// through here, so they exercise exactly the same code.
public enum ParserFuzzTarget: String, CaseIterable, Sendable {
    case stunMessage = "stun"
    case channelData = "channeldata"
    case rtpPacket = "rtp"
    case rtpHeaderView = "rtp-view"
    case rtpHeaderExtensions = "rtp-extensions"
    case vp8Descriptor = "vp8-descriptor"
    case vp8PayloadHeader = "vp8-header"
    case opusTOC = "opus-toc"
    case opusPacket = "opus"
    case rtcpCompound = "rtcp"
    case sdp = "sdp"
    case signallingFrame = "signalling"
    case turnClientInput = "turn-client"
    case eventsFrame = "events"

    /// Feeds `bytes` to the parser and checks its invariants. Never traps.
    public func run(_ bytes: [UInt8]) -> FuzzOutcome {
        switch self {
        case .stunMessage: STUNFuzzing.message(bytes)
        case .channelData: STUNFuzzing.channelData(bytes)
        case .rtpPacket: Self.translate(RTPFuzzEntryPoints.rtpPacket(bytes))
        case .rtpHeaderView: Self.translate(RTPFuzzEntryPoints.rtpHeaderView(bytes))
        case .rtpHeaderExtensions: Self.translate(RTPFuzzEntryPoints.headerExtensionElements(bytes))
        case .vp8Descriptor: Self.translate(RTPFuzzEntryPoints.vp8PayloadDescriptor(bytes))
        case .vp8PayloadHeader: Self.translate(RTPFuzzEntryPoints.vp8PayloadHeader(bytes))
        case .opusTOC: Self.translate(RTPFuzzEntryPoints.opusTOC(bytes))
        case .opusPacket: Self.translate(RTPFuzzEntryPoints.opusPacket(bytes))
        case .rtcpCompound: Self.rtcp(bytes)
        case .sdp: Self.sdp(bytes)
        case .signallingFrame:
            RoundTrip.check(bytes, label: "signalling frame", parse: { try ClientEnvelope.decode(frame: $0) },
                            reprint: { $0.jsonFrame() })
        case .turnClientInput: ClientStreamFuzzing.turnClient(bytes)
        case .eventsFrame: ClientStreamFuzzing.eventsFrame(bytes)
        }
    }

    private static func translate(_ outcome: RTPFuzzEntryPoints.Outcome) -> FuzzOutcome {
        switch outcome {
        case .accepted: .accepted
        case .rejected(let error): .rejected(reason: error.description)
        case .invariantViolated(let what): .invariantViolated(what)
        }
    }

    /// RTCP: what parses serialises and parses back equal.
    private static func rtcp(_ bytes: [UInt8]) -> FuzzOutcome {
        RoundTrip.check(bytes, label: "RTCP", parse: { try RTCPCompound.parse($0) }, reprint: { try $0.serialize() })
    }

    /// SDP: what parses prints and parses back equal.
    private static func sdp(_ bytes: [UInt8]) -> FuzzOutcome {
        RoundTrip.check(bytes, label: "SDP", parse: SessionDescription.parse, reprint: { $0.serializedBytes() })
    }
}

/// The invariant every parser shares: an accepted input re-serialises to bytes that parse
/// back to an equal value.
enum RoundTrip {
    static func check<Value: Equatable>(
        _ bytes: [UInt8], label: String,
        parse: ([UInt8]) throws -> Value, reprint: (Value) throws -> [UInt8]
    ) -> FuzzOutcome {
        let value: Value
        do {
            value = try parse(bytes)
        } catch {
            return .rejected(reason: "\(error)")
        }
        do {
            return try parse(try reprint(value)) == value
                ? .accepted : .invariantViolated("\(label) round trip differs")
        } catch {
            return .invariantViolated("\(label) that parsed does not round-trip: \(error)")
        }
    }
}
