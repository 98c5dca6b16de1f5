/// One `a=` line: a typed value plus, when it came from parsed text, that text.
///
/// Printing uses the original text as long as `value` has not been changed since parsing, so a
/// parsed description prints back byte for byte (e.g. Chromium's `msid-semantic: WMS` with its
/// space, or lower-case fingerprint hex). Assigning `value` drops the original text and printing
/// falls back to the canonical form. Equality compares `value` only.
public struct SDPAttribute: Hashable, Sendable {
    /// The typed value.
    public var value: Value {
        didSet { original = nil }
    }

    /// The text after `a=` as received, kept while `value` is unchanged.
    public private(set) var original: String?

    /// Creates an attribute from a typed value (printed in canonical form).
    public init(_ value: Value) {
        self.value = value
        self.original = nil
    }

    /// Creates an attribute that remembers the text it was parsed from.
    init(_ value: Value, original: String) {
        self.value = value
        self.original = original
    }

    /// The attribute name, e.g. `rtpmap`.
    public var name: String { value.name }

    /// The line text after `a=`: the original text when still faithful, otherwise canonical.
    public var sdpText: String { original ?? value.canonicalText }

    /// Equal when the typed values match (the original spelling is ignored).
    public static func == (lhs: SDPAttribute, rhs: SDPAttribute) -> Bool { lhs.value == rhs.value }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension SDPAttribute {
    /// The typed attribute values this module understands; anything else is `.other`.
    public enum Value: Hashable, Sendable {
        /// `a=ice-ufrag` (RFC 8839 §5.4).
        case iceUfrag(String)
        /// `a=ice-pwd` (RFC 8839 §5.4).
        case icePwd(String)
        /// `a=ice-options`, e.g. `trickle`, `renomination` (RFC 8839 §5.6).
        case iceOptions([String])
        /// `a=ice-lite` (RFC 8839 §5.3).
        case iceLite
        /// `a=fingerprint` (RFC 8122 §5).
        case fingerprint(Fingerprint)
        /// `a=setup` (RFC 8842 §5).
        case setup(SetupRole)
        /// `a=mid` (RFC 5888 §4).
        case mid(String)
        /// `a=group` (RFC 5888 §5; BUNDLE: RFC 8843 §7).
        case group(MediaGroup)
        /// `a=msid` (RFC 8830 §2).
        case msid(MediaStreamID)
        /// `a=msid-semantic` (legacy WMS line).
        case msidSemantic(MediaStreamSemantic)
        /// `a=rtcp` (RFC 3605 §2.1).
        case rtcp(RTCPAddress)
        /// `a=rtcp-mux` (RFC 8858 §3, RFC 5761 §5.1.3).
        case rtcpMux
        /// `a=rtcp-mux-only` (RFC 8858 §3).
        case rtcpMuxOnly
        /// `a=rtcp-rsize` (RFC 5506 §5).
        case rtcpRsize
        /// `a=rtpmap` (RFC 8866 §6.6).
        case rtpmap(RTPMap)
        /// `a=fmtp` (RFC 8866 §6.15).
        case fmtp(FormatParameters)
        /// `a=rtcp-fb` (RFC 4585 §4.2).
        case rtcpFeedback(RTCPFeedback)
        /// `a=extmap` (RFC 8285 §8).
        case extmap(ExtensionMap)
        /// `a=extmap-allow-mixed` (RFC 8285 §6).
        case extmapAllowMixed
        /// `a=ssrc` (RFC 5576 §4.1).
        case ssrc(SSRCAttribute)
        /// `a=ssrc-group` (RFC 5576 §4.2).
        case ssrcGroup(SSRCGroup)
        /// `a=rid` (RFC 8851 §10).
        case rid(RestrictionIdentifier)
        /// `a=simulcast` (RFC 8853 §5.1).
        case simulcast(Simulcast)
        /// `a=candidate` (RFC 8839 §5.1).
        case candidate(ICECandidate)
        /// `a=end-of-candidates` (RFC 8840 §8.2).
        case endOfCandidates
        /// `a=sendrecv` / `sendonly` / `recvonly` / `inactive` (RFC 8866 §6.7).
        case direction(MediaDirection)
        /// `a=sctp-port` (RFC 8841 §5).
        case sctpPort(UInt16)
        /// `a=max-message-size` (RFC 8841 §6).
        case maxMessageSize(UInt64)
        /// Any other attribute, kept verbatim: the name and the text after the first `:`.
        case other(name: String, value: String?)

        /// The attribute name.
        public var name: String {
            switch self {
            case .iceUfrag: "ice-ufrag"
            case .icePwd: "ice-pwd"
            case .iceOptions: "ice-options"
            case .iceLite: "ice-lite"
            case .fingerprint: "fingerprint"
            case .setup: "setup"
            case .mid: "mid"
            case .group: "group"
            case .msid: "msid"
            case .msidSemantic: "msid-semantic"
            case .rtcp: "rtcp"
            case .rtcpMux: "rtcp-mux"
            case .rtcpMuxOnly: "rtcp-mux-only"
            case .rtcpRsize: "rtcp-rsize"
            case .rtpmap: "rtpmap"
            case .fmtp: "fmtp"
            case .rtcpFeedback: "rtcp-fb"
            case .extmap: "extmap"
            case .extmapAllowMixed: "extmap-allow-mixed"
            case .ssrc: "ssrc"
            case .ssrcGroup: "ssrc-group"
            case .rid: "rid"
            case .simulcast: "simulcast"
            case .candidate: "candidate"
            case .endOfCandidates: "end-of-candidates"
            case .direction(let direction): direction.rawValue
            case .sctpPort: "sctp-port"
            case .maxMessageSize: "max-message-size"
            case .other(let name, _): name
            }
        }

        /// The text after `:` in canonical form, or nil for flag attributes.
        public var canonicalValue: String? {
            switch self {
            case .iceUfrag(let text), .icePwd(let text), .mid(let text): text
            case .iceOptions(let options): options.joined(separator: " ")
            case .iceLite, .rtcpMux, .rtcpMuxOnly, .rtcpRsize, .extmapAllowMixed, .endOfCandidates, .direction:
                nil
            case .fingerprint(let v): v.sdpValue
            case .setup(let v): v.rawValue
            case .group(let v): v.sdpValue
            case .msid(let v): v.sdpValue
            case .msidSemantic(let v): v.sdpValue
            case .rtcp(let v): v.sdpValue
            case .rtpmap(let v): v.sdpValue
            case .fmtp(let v): v.sdpValue
            case .rtcpFeedback(let v): v.sdpValue
            case .extmap(let v): v.sdpValue
            case .ssrc(let v): v.sdpValue
            case .ssrcGroup(let v): v.sdpValue
            case .rid(let v): v.sdpValue
            case .simulcast(let v): v.sdpValue
            case .candidate(let v): v.sdpValue
            case .sctpPort(let port): "\(port)"
            case .maxMessageSize(let size): "\(size)"
            case .other(_, let value): value
            }
        }

        /// The canonical text after `a=`: `name` or `name:value`.
        public var canonicalText: String {
            canonicalValue.map { "\(name):\($0)" } ?? name
        }
    }
}
