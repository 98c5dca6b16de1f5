import BeepDTLS
import BeepSDP
import BeepSTUN

/// Beep's side of the one bundled transport: ICE-lite credentials, DTLS fingerprint and role,
/// host candidates.
public struct LocalTransport: Sendable {
    /// `a=ice-ufrag`.
    public var iceUfrag: String
    /// `a=ice-pwd`.
    public var icePassword: String
    /// Beep's certificate fingerprint.
    public var fingerprint: DTLSFingerprint
    /// `a=setup`: passive in answers (Beep is the DTLS server), actpass in offers (RFC 8842 §5).
    public var setup: SetupRole
    /// Host candidates (the media sockets' addresses).
    public var candidates: [STUNAddress]

    /// A transport description.
    public init(iceUfrag: String, icePassword: String, fingerprint: DTLSFingerprint, setup: SetupRole,
                candidates: [STUNAddress]) {
        self.iceUfrag = iceUfrag
        self.icePassword = icePassword
        self.fingerprint = fingerprint
        self.setup = setup
        self.candidates = candidates
    }
}

/// A stream Beep sends in a media section: its SSRC and `msid` (RFC 8830).
public struct SendingStream: Sendable, Hashable {
    /// The SSRC Beep sends under.
    public var ssrc: UInt32
    /// The MediaStream id (`a=msid` first part): the participant, so the browser groups tracks.
    public var streamID: String
    /// The track id (`a=msid` second part).
    public var trackID: String
    /// `a=ssrc:... cname:`.
    public var cname: String
    /// The RTX SSRC paired with ``ssrc`` (`a=ssrc-group:FID`, RFC 4588 §8.1), when the section
    /// carries an RTX codec; Beep sends probe padding on it.
    public var retransmissionSSRC: UInt32?

    /// A sending stream.
    public init(ssrc: UInt32, streamID: String, trackID: String, cname: String, retransmissionSSRC: UInt32? = nil) {
        self.ssrc = ssrc
        self.streamID = streamID
        self.trackID = trackID
        self.cname = cname
        self.retransmissionSSRC = retransmissionSSRC
    }
}

/// One accepted media section as Beep describes it.
public struct LocalMediaLine: Sendable {
    /// The mid (shared with the peer).
    public var mid: String
    /// audio or video.
    public var kind: MediaKind
    /// The transport protocol token.
    public var proto: String
    /// Beep's direction.
    public var direction: MediaDirection
    /// The one codec Beep uses in this section.
    public var codec: Codec
    /// Header extensions.
    public var headerExtensions: [ExtensionMap]
    /// What Beep sends here, if anything.
    public var sending: SendingStream?
    /// Whether to announce `a=rtcp-rsize`.
    public var reducedSizeRTCP: Bool
    /// The RTX codec sent with ``codec`` (RFC 4588 §8.1, `apt` naming it), if any.
    public var retransmission: Codec?
    /// Simulcast rids Beep receives in this section (`a=rid:<id> recv` and
    /// `a=simulcast:recv`, RFC 8851 §4, RFC 8853 §5.1); empty without simulcast.
    public var receivedRIDs: [String] = []

    /// A media line.
    public init(mid: String, kind: MediaKind, proto: String = "UDP/TLS/RTP/SAVPF", direction: MediaDirection,
                codec: Codec, headerExtensions: [ExtensionMap], sending: SendingStream? = nil,
                reducedSizeRTCP: Bool = true) {
        self.mid = mid
        self.kind = kind
        self.proto = proto
        self.direction = direction
        self.codec = codec
        self.headerExtensions = headerExtensions
        self.sending = sending
        self.reducedSizeRTCP = reducedSizeRTCP
    }
}

/// A section of a local description: accepted with a media line, or rejected (port 0).
public enum LocalSection: Sendable {
    /// An accepted, bundled section.
    case accepted(LocalMediaLine)
    /// A rejected section, echoing the peer's kind, proto, formats and mid (RFC 8829 §5.3.1).
    case rejected(kind: MediaKind, proto: String, formats: [String], mid: String?)
}

/// Builds Beep's SDP (JSEP, RFC 8829 §5.2 offers and §5.3 answers): ICE-lite, one BUNDLE
/// group, rtcp-mux, one codec per section, `a=ssrc`/`a=msid` for what Beep sends.
public enum LocalDescriptionBuilder {
    /// The description for `sections` on `transport`.
    public static func build(sections: [LocalSection], transport: LocalTransport, sessionID: UInt64,
                             version: UInt64) -> SessionDescription {
        var media: [MediaDescription] = []
        var bundled: [String] = []
        var streams: [String] = []
        for section in sections {
            switch section {
            case .rejected(let kind, let proto, let formats, let mid):
                var rejected = MediaDescription(kind: kind, port: 0, proto: proto, formats: formats)
                if let mid { rejected.append(.mid(mid)) }
                media.append(rejected)
            case .accepted(let line):
                media.append(describe(line, transport: transport))
                bundled.append(line.mid)
                if let stream = line.sending?.streamID, !streams.contains(stream) { streams.append(stream) }
            }
        }
        var attributes = [SDPAttribute(.iceLite)]
        if !bundled.isEmpty { attributes.append(SDPAttribute(.group(MediaGroup(semantics: "BUNDLE", mids: bundled)))) }
        attributes.append(SDPAttribute(.msidSemantic(MediaStreamSemantic(semantic: "WMS", identifiers: streams))))
        return SessionDescription(origin: Origin(sessionID: sessionID, sessionVersion: version, address: "127.0.0.1"),
                                  attributes: attributes, media: media)
    }

    private static func describe(_ line: LocalMediaLine, transport: LocalTransport) -> MediaDescription {
        var section = MediaDescription(kind: line.kind, proto: line.proto, formats: [])
        section.append(.iceUfrag(transport.iceUfrag))
        section.append(.icePwd(transport.icePassword))
        section.append(.fingerprint(Fingerprint(hashFunction: transport.fingerprint.algorithm,
                                                bytes: transport.fingerprint.bytes)))
        section.append(.setup(transport.setup))
        section.append(.mid(line.mid))
        for extensionMap in line.headerExtensions { section.append(.extmap(extensionMap)) }
        section.append(.direction(line.direction))
        section.append(.rtcpMux)
        if line.reducedSizeRTCP { section.append(.rtcpRsize) }
        section.append(codec: line.codec)
        if let retransmission = line.retransmission, line.sending?.retransmissionSSRC != nil {
            section.append(codec: retransmission)
        }
        if !line.receivedRIDs.isEmpty {
            for rid in line.receivedRIDs { section.append(.rid(RestrictionIdentifier(id: rid, direction: .recv))) }
            section.append(.simulcast(Simulcast(lists: [Simulcast.List(
                direction: .recv, streams: line.receivedRIDs.map { [Simulcast.Alternative(rid: $0)] })])))
        }
        if let sending = line.sending {
            section.append(.msid(MediaStreamID(streamID: sending.streamID, trackID: sending.trackID)))
            section.append(.ssrc(SSRCAttribute(ssrc: sending.ssrc, attribute: "cname", value: sending.cname)))
            section.append(.ssrc(SSRCAttribute(ssrc: sending.ssrc, attribute: "msid",
                                               value: "\(sending.streamID) \(sending.trackID)")))
            if let rtx = sending.retransmissionSSRC, line.retransmission != nil {
                section.append(.ssrcGroup(SSRCGroup(semantics: .fid, ssrcs: [sending.ssrc, rtx])))
                section.append(.ssrc(SSRCAttribute(ssrc: rtx, attribute: "cname", value: sending.cname)))
                section.append(.ssrc(SSRCAttribute(ssrc: rtx, attribute: "msid",
                                                   value: "\(sending.streamID) \(sending.trackID)")))
            }
        }
        for (index, candidate) in transport.candidates.enumerated() {
            section.append(.candidate(BeepSDP.ICECandidate(
                foundation: "\(index + 1)", priority: 2_130_706_431 &- UInt32(truncatingIfNeeded: index),
                address: candidate.hostDescription, port: candidate.port)))
        }
        section.append(.endOfCandidates)
        return section
    }
}
