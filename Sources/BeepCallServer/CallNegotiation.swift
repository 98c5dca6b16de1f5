import BeepNegotiation
import BeepRTP
import BeepSDP

/// The SDP state of one participant's single bundled transport: the sections it publishes on,
/// the sections Beep sends other participants' tracks on, and who offers next (JSEP,
/// RFC 8829 §5.2-5.3; docs/signalling.md "Model").
struct CallNegotiation {
    /// What a section carries.
    enum Role: Equatable {
        /// The participant sends here; Beep receives (a producer once its SSRC is known).
        case publishing
        /// Beep sends a consumer's stream here.
        case subscribing(SendingStream)
        /// Nothing flows (a closed consumer, an unusable section).
        case inactive
    }

    /// One negotiated section.
    struct Line {
        var mid: String
        var kind: MediaKind
        var codec: Codec
        var headerExtensions: [ExtensionMap]
        var role: Role
        /// Simulcast rids received in a publishing section (RFC 8853), lowest first.
        var rids: [String] = []
        /// The RTX codec of a video section Beep sends on (probe padding, RFC 4588).
        var retransmission: Codec?
    }

    /// Beep's transport parameters (ICE-lite credentials, fingerprint, candidates).
    var transport: LocalTransport
    /// Negotiated sections in m-line order.
    private(set) var lines: [Line] = []
    /// Codecs the participant offered, by kind (for consumer sections).
    private(set) var offeredCodecs: [MediaKind: Codec] = [:]
    /// The RTX codec the participant offered for the video codec (RFC 4588 §8.1 `apt`).
    private(set) var offeredRetransmission: Codec?
    /// Header extensions the participant offered (one id per URI across the bundle).
    private(set) var offeredExtensions: [ExtensionMap] = []
    /// True while a server offer waits for its answer.
    private(set) var serverOfferOutstanding = false
    /// True once the participant's first offer was answered.
    private(set) var established = false
    private var version: UInt64 = 1
    private var nextMid = 0
    private let sessionID: UInt64

    static let codecNames: [MediaKind: String] = [.audio: "opus", .video: "VP8"]
    /// RTCP feedback kept in publishing sections: Beep asks for key frames and repairs, and
    /// tells the publisher how much it may send with REMB (draft-alvestrand-rmcat-remb-03).
    /// Not `transport-cc`: Beep sends no transport-wide feedback to publishers, and a browser
    /// that negotiated it but gets none throttles itself.
    static let keptFeedback: Set<String> = ["nack", "ccm", "goog-remb"]
    /// RTCP feedback kept in sections Beep sends on: the subscriber's transport-wide feedback
    /// drives Beep's send-side bandwidth estimate (docs/bandwidth-estimation.md).
    static let subscriberFeedback: Set<String> = ["nack", "ccm", "transport-cc"]
    /// Header extensions kept in publishing sections: mid and rid name simulcast encodings
    /// (RFC 8852 §3, RFC 8843 §15).
    static let keptExtensions: Set<String> = [
        RTPHeaderExtensionKind.mid.rawValue, RTPHeaderExtensionKind.audioLevel.rawValue,
        RTPHeaderExtensionKind.absSendTime.rawValue, RTPHeaderExtensionKind.rtpStreamID.rawValue,
        RTPHeaderExtensionKind.repairedRTPStreamID.rawValue,
    ]
    /// Header extensions of sections Beep sends on: Beep numbers every packet with the
    /// transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2).
    static let subscriberExtensions: Set<String> = [
        RTPHeaderExtensionKind.mid.rawValue, RTPHeaderExtensionKind.audioLevel.rawValue,
        RTPHeaderExtensionKind.absSendTime.rawValue, RTPHeaderExtensionKind.transportWideSequenceNumber.rawValue,
    ]

    init(transport: LocalTransport, sessionID: UInt64) {
        self.transport = transport
        self.sessionID = sessionID
    }

    /// A new publishing section the participant's offer introduced: its mid, kind, codec,
    /// extensions and SSRCs.
    struct NewPublication {
        var mid: String
        var kind: MediaKind
        var codec: Codec
        var headerExtensions: [ExtensionMap]
        /// The SSRC from `a=ssrc`; 0 for a simulcast section (SSRCs learned from rids).
        var ssrc: UInt32
        /// Simulcast rids, lowest first; empty for a single-encoding section.
        var rids: [String] = []
    }

    /// Answers the participant's offer (RFC 8829 §5.3): known sections keep their role,
    /// new sections the participant sends on become publishing sections, others are rejected.
    mutating func answer(offer remote: RemoteDescription) -> (answer: SessionDescription, new: [NewPublication]) {
        var sections: [LocalSection] = []
        var newPublications: [NewPublication] = []
        var updated: [Line] = []
        for offered in remote.sections {
            if let mid = offered.mid, let known = lines.first(where: { $0.mid == mid }), !offered.isRejected {
                updated.append(known)
                sections.append(.accepted(localLine(known, answering: offered)))
                continue
            }
            guard let mid = offered.mid, offered.hasRTCPMux, !offered.isRejected,
                  let name = Self.codecNames[offered.kind],
                  let codec = offered.codec(named: name, keepingFeedback: Self.keptFeedback) else {
                sections.append(.rejected(kind: offered.kind, proto: offered.proto, formats: offered.formats,
                                          mid: offered.mid))
                continue
            }
            let extensions = offered.headerExtensions(in: Self.keptExtensions)
            if let subscriberCodec = offered.codec(named: name, keepingFeedback: Self.subscriberFeedback) {
                rememberOffered(codec: subscriberCodec, kind: offered.kind,
                                extensions: offered.headerExtensions(in: Self.subscriberExtensions))
                if offered.kind == .video, offeredRetransmission == nil,
                   var rtx = offered.codecs.first(where: { $0.isRTX && $0.associatedPayloadType == subscriberCodec.payloadType }) {
                    rtx.feedback = []
                    offeredRetransmission = rtx
                }
            }
            let sends = offered.direction == .sendrecv || offered.direction == .sendonly
            // Simulcast (RFC 8853 §5.3): 2-3 rids, with the rid extension to tell them apart.
            let rids = offered.kind == .video && extensions.contains { $0.uri == RTPHeaderExtensionKind.rtpStreamID.rawValue }
                ? Array(offered.sendRIDs.prefix(3)) : []
            let simulcast = rids.count >= 2
            guard sends, let ssrc = simulcast ? 0 : offered.mediaSSRCs.first else {
                // Nothing to receive and nothing assigned to send yet.
                let line = Line(mid: mid, kind: offered.kind, codec: codec, headerExtensions: extensions, role: .inactive)
                updated.append(line)
                sections.append(.accepted(localLine(line, answering: offered)))
                continue
            }
            let line = Line(mid: mid, kind: offered.kind, codec: codec, headerExtensions: extensions, role: .publishing,
                            rids: simulcast ? rids : [])
            updated.append(line)
            sections.append(.accepted(localLine(line, answering: offered)))
            newPublications.append(NewPublication(mid: mid, kind: offered.kind, codec: codec,
                                                  headerExtensions: extensions, ssrc: ssrc,
                                                  rids: simulcast ? rids : []))
        }
        // Sections Beep added that the offer did not carry stay (the peer rolled back our offer).
        lines = updated
        established = true
        var answerTransport = transport
        answerTransport.setup = .passive
        version += 1
        let description = LocalDescriptionBuilder.build(sections: sections, transport: answerTransport,
                                                        sessionID: sessionID, version: version)
        return (description, newPublications)
    }

    /// Adds a section sending `stream` of `kind`; returns its mid, or nil when the participant
    /// never offered a codec of that kind.
    mutating func addSubscription(kind: MediaKind, stream: SendingStream) -> String? {
        guard let codec = offeredCodecs[kind] else { return nil }
        let mid = "b\(nextMid)"
        nextMid += 1
        let extensions = offeredExtensions.filter { extensionMap in
            kind == .audio || extensionMap.uri != RTPHeaderExtensionKind.audioLevel.rawValue
        }
        var line = Line(mid: mid, kind: kind, codec: codec, headerExtensions: extensions, role: .subscribing(stream))
        if kind == .video { line.retransmission = offeredRetransmission }
        lines.append(line)
        return mid
    }

    /// Marks the section carrying `ssrc` inactive (its consumer closed).
    mutating func endSubscription(ssrc: UInt32) {
        for index in lines.indices {
            if case .subscribing(let stream) = lines[index].role, stream.ssrc == ssrc { lines[index].role = .inactive }
        }
    }

    /// A server offer with every section (RFC 8829 §5.2.2 subsequent offer); marks it outstanding.
    mutating func makeOffer() -> SessionDescription {
        serverOfferOutstanding = true
        var offerTransport = transport
        offerTransport.setup = .actpass
        version += 1
        let sections = lines.map { LocalSection.accepted(localLine($0, answering: nil)) }
        return LocalDescriptionBuilder.build(sections: sections, transport: offerTransport,
                                             sessionID: sessionID, version: version)
    }

    /// The participant answered Beep's offer.
    mutating func answered() { serverOfferOutstanding = false }

    /// The RTP header extension ids the participant uses (for consumers sent to it).
    var extensionMap: RTPHeaderExtensionMap {
        var map = RTPHeaderExtensionMap()
        for extensionMap in offeredExtensions {
            guard let id = UInt8(exactly: extensionMap.id) else { continue }
            _ = try? map.register(id: id, uri: extensionMap.uri)
        }
        return map
    }

    /// The id the participant gave the transport-wide sequence number extension, if offered
    /// (kept, not searched for: every packet sent to the participant reads it).
    private(set) var transportWideSequenceID: UInt8?

    /// The RTX payload type the participant offered for video, if any.
    var retransmissionPayloadType: UInt8? { offeredRetransmission?.payloadType }

    /// The payload type the participant uses for `kind`'s codec.
    func payloadType(for kind: MediaKind) -> UInt8? { offeredCodecs[kind]?.payloadType }

    private mutating func rememberOffered(codec: Codec, kind: MediaKind, extensions: [ExtensionMap]) {
        if offeredCodecs[kind] == nil { offeredCodecs[kind] = codec }
        for extensionMap in extensions where !offeredExtensions.contains(where: { $0.uri == extensionMap.uri }) {
            offeredExtensions.append(extensionMap)
            if extensionMap.uri == RTPHeaderExtensionKind.transportWideSequenceNumber.rawValue {
                transportWideSequenceID = UInt8(exactly: extensionMap.id)
            }
        }
    }

    private func localLine(_ line: Line, answering offered: RemoteSection?) -> LocalMediaLine {
        let direction: MediaDirection
        var sending: SendingStream?
        switch line.role {
        case .publishing: direction = .recvonly
        case .subscribing(let stream):
            direction = .sendonly
            sending = stream
        case .inactive: direction = .inactive
        }
        var local = LocalMediaLine(mid: line.mid, kind: line.kind, proto: offered?.proto ?? "UDP/TLS/RTP/SAVPF",
                                   direction: direction, codec: line.codec, headerExtensions: line.headerExtensions,
                                   sending: sending, reducedSizeRTCP: offered?.hasReducedSizeRTCP ?? true)
        local.receivedRIDs = line.rids
        local.retransmission = line.retransmission
        return local
    }
}
