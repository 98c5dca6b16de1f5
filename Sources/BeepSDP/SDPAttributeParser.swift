extension SDPAttribute {
    /// Parses the text after `a=` (RFC 8866 §5.13: `<attribute-name>[:<attribute-value>]`) into a
    /// typed attribute, remembering the text for faithful printing. Unknown names become `.other`.
    public static func parse(_ text: Substring) throws(SDPParseError) -> SDPAttribute {
        let (name, value) = SDPText.splitOnce(text, at: ":")
        guard !name.isEmpty else { throw SDPParseError(.malformedLine, "attribute name is empty") }
        return SDPAttribute(try parseValue(name: name, value: value), original: String(text))
    }

    /// Parses the text after `a=` given as a `String`.
    public static func parse(_ text: String) throws(SDPParseError) -> SDPAttribute {
        try parse(text[...])
    }

    // swiftlint:disable:next cyclomatic_complexity
    private static func parseValue(name: Substring, value: Substring?) throws(SDPParseError) -> Value {
        switch name {
        case "ice-lite": try flag(name, value); return .iceLite
        case "rtcp-mux": try flag(name, value); return .rtcpMux
        case "rtcp-mux-only": try flag(name, value); return .rtcpMuxOnly
        case "rtcp-rsize": try flag(name, value); return .rtcpRsize
        case "extmap-allow-mixed": try flag(name, value); return .extmapAllowMixed
        case "end-of-candidates": try flag(name, value); return .endOfCandidates
        case "sendrecv", "sendonly", "recvonly", "inactive":
            try flag(name, value)
            return .direction(MediaDirection(rawValue: String(name)) ?? .sendrecv)
        default: break
        }
        guard let value else {
            // Any other known name needs a value; an unknown flag is kept as is.
            if isValued(name) { throw SDPParseError(.missingField, "attribute '\(name)' needs a value") }
            return .other(name: String(name), value: nil)
        }
        switch name {
        case "ice-ufrag": return .iceUfrag(try token(name, value))
        case "ice-pwd": return .icePwd(try token(name, value))
        case "ice-options":
            let options = SDPText.fields(value).map(String.init)
            guard !options.isEmpty else { throw SDPParseError(.missingField, "ice-options is empty") }
            return .iceOptions(options)
        case "fingerprint": return .fingerprint(try Fingerprint.parse(value))
        case "setup": return .setup(try SetupRole.parse(value))
        case "mid": return .mid(try token(name, value))
        case "group": return .group(try MediaGroup.parse(value))
        case "msid": return .msid(try MediaStreamID.parse(value))
        case "msid-semantic": return .msidSemantic(try MediaStreamSemantic.parse(value))
        case "rtcp": return .rtcp(try RTCPAddress.parse(value))
        case "rtpmap": return .rtpmap(try RTPMap.parse(value))
        case "fmtp": return .fmtp(try FormatParameters.parse(value))
        case "rtcp-fb": return .rtcpFeedback(try RTCPFeedback.parse(value))
        case "extmap": return .extmap(try ExtensionMap.parse(value))
        case "ssrc": return .ssrc(try SSRCAttribute.parse(value))
        case "ssrc-group": return .ssrcGroup(try SSRCGroup.parse(value))
        case "rid": return .rid(try RestrictionIdentifier.parse(value))
        case "simulcast": return .simulcast(try Simulcast.parse(value))
        case "candidate": return .candidate(try ICECandidate.parse(value))
        case "sctp-port": return .sctpPort(try SDPText.number(value, field: "sctp-port"))
        case "max-message-size": return .maxMessageSize(try SDPText.number(value, field: "max-message-size"))
        default: return .other(name: String(name), value: String(value))
        }
    }

    private static let valuedNames: Set<Substring> = [
        "ice-ufrag", "ice-pwd", "ice-options", "fingerprint", "setup", "mid", "group", "msid",
        "msid-semantic", "rtcp", "rtpmap", "fmtp", "rtcp-fb", "extmap", "ssrc", "ssrc-group", "rid",
        "simulcast", "candidate", "sctp-port", "max-message-size",
    ]

    private static func isValued(_ name: Substring) -> Bool { valuedNames.contains(name) }

    private static func flag(_ name: Substring, _ value: Substring?) throws(SDPParseError) {
        guard value == nil else {
            throw SDPParseError(.malformedLine, "flag attribute '\(name)' takes no value")
        }
    }

    /// A single non-empty token without spaces (ufrag, pwd, mid).
    private static func token(_ name: Substring, _ value: Substring) throws(SDPParseError) -> String {
        guard !value.isEmpty, !SDPText.contains(value, " "), !SDPText.contains(value, "\t") else {
            throw SDPParseError(.invalidValue, "\(name) must be one non-empty token")
        }
        return String(value)
    }
}
