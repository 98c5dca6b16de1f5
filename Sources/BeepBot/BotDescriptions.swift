import BeepDTLS
import BeepSDP
import BeepSTUN

/// This bot's side of the single bundled transport: full-ICE credentials, certificate
/// fingerprint and its one loopback host candidate.
public struct BotTransport: Sendable, Hashable {
    /// `a=ice-ufrag`.
    public var iceUfrag: String
    /// `a=ice-pwd`.
    public var icePassword: String
    /// The bot's DTLS certificate fingerprint.
    public var fingerprint: DTLSFingerprint
    /// The bound UDP address (a loopback host candidate).
    public var candidate: STUNAddress

    /// A transport.
    public init(iceUfrag: String, icePassword: String, fingerprint: DTLSFingerprint, candidate: STUNAddress) {
        self.iceUfrag = iceUfrag
        self.icePassword = icePassword
        self.fingerprint = fingerprint
        self.candidate = candidate
    }
}

/// A track this bot publishes: the section it goes out on and its RTP identity.
public struct LocalTrack: Sendable, Hashable {
    /// The mid of its section in the bot's offer ("0" audio, "1" video).
    public var mid: String
    /// audio or video.
    public var kind: MediaKind
    /// The SSRC it is sent under.
    public var ssrc: UInt32
    /// The MediaStream id (`a=msid` first part).
    public var streamID: String
    /// The track id announced with `publish` (`a=msid` second part).
    public var trackID: String
    /// The payload type (Opus 111, VP8 96).
    public var payloadType: UInt8
    /// Simulcast layers, lowest first (RFC 8853); empty for one encoding under `ssrc`.
    public var simulcastLayers: [SimulcastLayerPlan] = []
    /// The header extension ids simulcast packets carry (and the offer maps).
    public var extensionIDs = SimulcastExtensionIDs()

    /// A track.
    public init(mid: String, kind: MediaKind, ssrc: UInt32, streamID: String, trackID: String, payloadType: UInt8) {
        self.mid = mid
        self.kind = kind
        self.ssrc = ssrc
        self.streamID = streamID
        self.trackID = trackID
        self.payloadType = payloadType
    }

    /// The codec this bot sends and accepts for the kind (RFC 7587 §7 Opus, RFC 7741 §6.1
    /// VP8 with NACK, PLI and FIR feedback, RFC 4585 §4.2, RFC 5104 §7.1).
    static func codec(for kind: MediaKind, payloadType: UInt8) -> Codec {
        if kind == .audio {
            return Codec(payloadType: payloadType, name: "opus", clockRate: 48_000, channels: 2,
                         parameters: FormatParameters(payloadType: payloadType, raw: "minptime=10;useinbandfec=1"))
        }
        let target = RTCPFeedback.Target.payloadType(payloadType)
        return Codec(payloadType: payloadType, name: "VP8", clockRate: 90_000,
                     feedback: [RTCPFeedback(target: target, type: "nack"),
                                RTCPFeedback(target: target, type: "nack", parameter: "pli"),
                                RTCPFeedback(target: target, type: "ccm", parameter: "fir")])
    }
}

/// A track the SFU sends this bot, read from the SFU's offer: the section's mid, kind,
/// payload type, SSRC and `a=msid` (publisher participant id and track id, RFC 8830 §2).
public struct OfferedRemoteTrack: Sendable, Hashable {
    /// The section's mid.
    public var mid: String
    /// audio or video.
    public var kind: MediaKind
    /// The SSRC the SFU sends under.
    public var ssrc: UInt32
    /// The publishing participant (`a=msid` stream id).
    public var participantID: String
    /// The publisher's track id.
    public var trackID: String
    /// The payload type.
    public var payloadType: UInt8

    /// A track.
    public init(mid: String, kind: MediaKind, ssrc: UInt32, participantID: String, trackID: String, payloadType: UInt8) {
        self.mid = mid
        self.kind = kind
        self.ssrc = ssrc
        self.participantID = participantID
        self.trackID = trackID
        self.payloadType = payloadType
    }
}

/// The SFU's transport parameters from its description (ICE-lite, RFC 8445 §2.5: all its
/// candidates are in the SDP).
public struct RemoteTransport: Sendable, Hashable {
    /// The SFU's ICE ufrag.
    public var iceUfrag: String
    /// The SFU's ICE password.
    public var icePassword: String
    /// The fingerprint its certificate must match (RFC 8122 §5).
    public var fingerprint: DTLSFingerprint
    /// Its UDP host candidates.
    public var candidates: [STUNAddress]
    /// The bot's DTLS role: client unless the SFU answered `a=setup:active` (Janus does,
    /// RFC 8842 §5.3), then server.
    public var localDTLSRole: DTLSRole = .client
}

/// Builds and reads the bot's SDP (JSEP, RFC 8829): its first offer publishing one Opus and
/// one VP8 section, and answers to the SFU's offers adding receive sections — the same
/// shape the browser call page negotiates (web/call/media.js).
public enum BotDescriptions {
    /// The bot's offer (RFC 8829 §5.2.1): BUNDLE, rtcp-mux, `a=setup:actpass`, one sendonly
    /// section per local track with its SSRC and msid, the host candidate and end-of-candidates.
    /// `receiveOnly` adds a recvonly section (no SSRC) per kind the bot does not publish, at the
    /// mid that kind's track would have ("0" audio, "1" video), so that the SFU knows the codecs
    /// a receive-only participant accepts (its tokens lack the publish permissions).
    public static func offer(tracks: [LocalTrack], transport: BotTransport, sessionID: UInt64,
                             version: UInt64, receiveOnly: [MediaKind] = []) -> SessionDescription {
        var sections = tracks.map { track in
            section(kind: track.kind, mid: track.mid, direction: .sendonly,
                    codec: LocalTrack.codec(for: track.kind, payloadType: track.payloadType), sending: track,
                    transport: transport, setup: .actpass)
        }
        for kind in receiveOnly where !tracks.contains(where: { $0.kind == kind }) {
            let mid = kind == .audio ? "0" : "1"
            sections.append(section(kind: kind, mid: mid, direction: .recvonly,
                                    codec: LocalTrack.codec(for: kind, payloadType: kind == .audio ? 111 : 96),
                                    sending: nil, transport: transport, setup: .actpass))
        }
        sections.sort { ($0.mid ?? "") < ($1.mid ?? "") }
        return session(sections: sections, bundle: sections.compactMap(\.mid),
                       streams: Array(Set(tracks.map(\.streamID))), sessionID: sessionID, version: version)
    }

    /// The answer to an SFU offer (RFC 8829 §5.3.1) and the tracks it sends: the bot's own
    /// sections stay sendonly, sections the SFU sends on become recvonly, others inactive;
    /// `a=setup:active` (the bot is the DTLS client, RFC 8842 §5.3).
    public static func answer(to offer: SessionDescription, localTracks: [LocalTrack], transport: BotTransport,
                              sessionID: UInt64, version: UInt64) -> (answer: SessionDescription, remote: [OfferedRemoteTrack]) {
        var sections: [MediaDescription] = []
        var bundle: [String] = []
        var remote: [OfferedRemoteTrack] = []
        for offered in offer.media {
            guard let mid = offered.mid, offered.port != 0, offered.kind == .audio || offered.kind == .video,
                  let codec = offered.codecs.first(where: { !$0.isRTX }) else {
                var rejected = MediaDescription(kind: offered.kind, port: 0, proto: offered.proto, formats: offered.formats)
                if let mid = offered.mid { rejected.append(.mid(mid)) }
                sections.append(rejected)
                continue
            }
            bundle.append(mid)
            if let own = localTracks.first(where: { $0.mid == mid }) {
                sections.append(section(kind: own.kind, mid: mid, direction: .sendonly,
                                        codec: LocalTrack.codec(for: own.kind, payloadType: own.payloadType),
                                        sending: own, transport: transport, setup: .active))
                continue
            }
            let sends = offered.direction == .sendonly || offered.direction == .sendrecv
            var answered = codec
            answered.feedback = codec.feedback.filter { ["nack", "ccm"].contains($0.type) }
            sections.append(section(kind: offered.kind, mid: mid, direction: sends ? .recvonly : .inactive,
                                    codec: answered, sending: nil, transport: transport, setup: .active))
            if sends, let ssrc = offered.ssrcs.first, let msid = offered.msids.first ?? msid(fromSSRCsOf: offered) {
                remote.append(OfferedRemoteTrack(mid: mid, kind: offered.kind, ssrc: ssrc, participantID: msid.streamID,
                                                 trackID: msid.trackID ?? "", payloadType: codec.payloadType))
            }
        }
        return (session(sections: sections, bundle: bundle, streams: Array(Set(localTracks.map(\.streamID))),
                        sessionID: sessionID, version: version), remote)
    }

    /// The SFU's ICE credentials, fingerprint and UDP candidates from its offer or answer.
    public static func remoteTransport(of description: SessionDescription) throws(BotError) -> RemoteTransport {
        guard let first = description.media.first(where: { $0.port != 0 }),
              let credentials = description.iceCredentials(for: first) else {
            throw BotError(.callFailed, "SFU description has no ICE credentials")
        }
        guard let offered = description.fingerprints(for: first).first,
              let fingerprint = DTLSFingerprint(sdpValue: offered.sdpValue) else {
            throw BotError(.callFailed, "SFU description has no usable a=fingerprint")
        }
        var candidates: [STUNAddress] = []
        for section in description.media where section.port != 0 {
            for candidate in section.candidates where candidate.isUDP {
                guard let address = STUNAddress(host: candidate.address, port: candidate.port),
                      !candidates.contains(address) else { continue }
                candidates.append(address)
            }
        }
        guard !candidates.isEmpty else { throw BotError(.callFailed, "SFU description has no UDP candidate") }
        let role: DTLSRole = description.setupRole(for: first) == .active ? .server : .client
        return RemoteTransport(iceUfrag: credentials.ufrag, icePassword: credentials.pwd, fingerprint: fingerprint,
                               candidates: candidates, localDTLSRole: role)
    }

    private static func msid(fromSSRCsOf section: MediaDescription) -> MediaStreamID? {
        guard let value = section.ssrcAttributes.first(where: { $0.attribute == "msid" })?.value else { return nil }
        let parts = value.split(separator: " ")
        guard let stream = parts.first else { return nil }
        return MediaStreamID(streamID: String(stream), trackID: parts.count > 1 ? String(parts[1]) : nil)
    }

    private static func section(kind: MediaKind, mid: String, direction: MediaDirection, codec: Codec,
                                sending: LocalTrack?, transport: BotTransport, setup: SetupRole) -> MediaDescription {
        var section = MediaDescription(kind: kind, proto: "UDP/TLS/RTP/SAVPF", formats: [])
        section.append(.iceUfrag(transport.iceUfrag))
        section.append(.icePwd(transport.icePassword))
        section.append(.fingerprint(Fingerprint(hashFunction: transport.fingerprint.algorithm,
                                                bytes: transport.fingerprint.bytes)))
        section.append(.setup(setup))
        section.append(.mid(mid))
        section.append(.direction(direction))
        section.append(.rtcpMux)
        section.append(.rtcpRsize)
        section.append(codec: codec)
        if let sending, !sending.simulcastLayers.isEmpty {
            appendSimulcast(of: sending, to: &section)
        } else if let sending {
            section.append(.msid(MediaStreamID(streamID: sending.streamID, trackID: sending.trackID)))
            section.append(.ssrc(SSRCAttribute(ssrc: sending.ssrc, attribute: "cname", value: sending.streamID)))
            section.append(.ssrc(SSRCAttribute(ssrc: sending.ssrc, attribute: "msid",
                                               value: "\(sending.streamID) \(sending.trackID)")))
        }
        section.append(.candidate(BeepSDP.ICECandidate(foundation: "1", priority: 2_130_706_431,
                                                       address: transport.candidate.hostDescription,
                                                       port: transport.candidate.port)))
        section.append(.endOfCandidates)
        return section
    }

    /// A simulcast sending section the way Chromium offers one: MID and RtpStreamId extensions
    /// (RFC 8285 §8), `a=rid:<rid> send` per layer (RFC 8851 §4) and `a=simulcast:send q;h;f`
    /// (RFC 8853 §5.1), no SSRC lines (the SFU learns each layer's SSRC from the rid extension).
    private static func appendSimulcast(of track: LocalTrack, to section: inout MediaDescription) {
        section.append(.extmap(ExtensionMap(id: UInt16(track.extensionIDs.mid), uri: ExtensionMap.URI.mid)))
        section.append(.extmap(ExtensionMap(id: UInt16(track.extensionIDs.rid), uri: ExtensionMap.URI.rtpStreamID)))
        section.append(.msid(MediaStreamID(streamID: track.streamID, trackID: track.trackID)))
        for layer in track.simulcastLayers {
            section.append(.rid(RestrictionIdentifier(id: layer.rid, direction: .send)))
        }
        section.append(.simulcast(Simulcast(send: track.simulcastLayers.map(\.rid))))
    }

    private static func session(sections: [MediaDescription], bundle: [String], streams: [String], sessionID: UInt64,
                                version: UInt64) -> SessionDescription {
        var attributes: [SDPAttribute] = []
        if !bundle.isEmpty { attributes.append(SDPAttribute(.group(MediaGroup(semantics: "BUNDLE", mids: bundle)))) }
        attributes.append(SDPAttribute(.msidSemantic(MediaStreamSemantic(semantic: "WMS", identifiers: streams.sorted()))))
        return SessionDescription(origin: Origin(sessionID: sessionID, sessionVersion: version, address: "127.0.0.1"),
                                  attributes: attributes, media: sections)
    }
}
