import BeepDTLS
import BeepSDP

/// What Beep needs from a peer's offer or answer (JSEP, RFC 8829 §5.7-5.8): its ICE
/// credentials and DTLS fingerprint (one transport: BUNDLE), and each media section.
public struct RemoteDescription: Sendable {
    /// The peer's ICE credentials (RFC 8839 §5.4).
    public let iceUfrag: String
    /// The peer's ICE password.
    public let icePassword: String
    /// The fingerprint the peer's DTLS certificate must match (RFC 8122 §5).
    public let fingerprint: DTLSFingerprint
    /// The media sections in order.
    public let sections: [RemoteSection]

    /// Why a description cannot be used.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// A reason safe to show the peer.
        public let description: String
    }

    /// Reads a parsed description; fails without ICE credentials or a usable fingerprint.
    public init(_ description: SessionDescription) throws(Failure) {
        guard let first = description.media.first(where: { $0.port != 0 }),
              let credentials = description.iceCredentials(for: first) else {
            throw Failure(description: "no ICE credentials (a=ice-ufrag/a=ice-pwd)")
        }
        guard let offered = description.fingerprints(for: first).first,
              let fingerprint = DTLSFingerprint(sdpValue: offered.sdpValue) else {
            throw Failure(description: "no usable a=fingerprint")
        }
        iceUfrag = credentials.ufrag
        icePassword = credentials.pwd
        self.fingerprint = fingerprint
        sections = description.media.map(RemoteSection.init)
    }
}

/// One media section of a peer's description.
public struct RemoteSection: Sendable {
    /// The section's mid, if any.
    public let mid: String?
    /// audio, video, application...
    public let kind: MediaKind
    /// The transport protocol token (kept in answers).
    public let proto: String
    /// The offered formats (kept when rejecting).
    public let formats: [String]
    /// The peer's direction (sendrecv, sendonly...).
    public let direction: MediaDirection
    /// True when the section was rejected (port 0).
    public let isRejected: Bool
    /// `a=rtcp-mux` (required by Beep, RFC 8858).
    public let hasRTCPMux: Bool
    /// `a=rtcp-rsize` (RFC 5506).
    public let hasReducedSizeRTCP: Bool
    /// The codecs in preference order.
    public let codecs: [Codec]
    /// Header extensions (`a=extmap`).
    public let headerExtensions: [ExtensionMap]
    /// The SSRCs that carry media: not the RTX/FEC halves of `a=ssrc-group` (RFC 5576 §4).
    public let mediaSSRCs: [UInt32]
    /// RTX SSRC per media SSRC (`a=ssrc-group:FID`, RFC 4588 §8).
    public let retransmissionSSRCs: [UInt32: UInt32]
    /// The rids the peer sends as simulcast streams, lowest first as listed: the first
    /// alternative of each stream of `a=simulcast:send` (RFC 8853 §5.1) that has an
    /// `a=rid:<id> send` line (RFC 8851 §4). Empty without simulcast.
    public let sendRIDs: [String]

    init(_ section: MediaDescription) {
        mid = section.mid
        kind = section.kind
        proto = section.proto
        formats = section.formats
        direction = section.direction
        isRejected = section.port == 0
        hasRTCPMux = section.attributes.contains { $0.value == .rtcpMux }
        hasReducedSizeRTCP = section.attributes.contains { $0.value == .rtcpRsize }
        codecs = section.codecs
        headerExtensions = section.headerExtensions
        var repairs: [UInt32: UInt32] = [:]
        for group in section.ssrcGroups(.fid) + section.ssrcGroups(.fecFR) where group.ssrcs.count >= 2 {
            repairs[group.ssrcs[0]] = group.ssrcs[1]
        }
        let repair = Set(repairs.values)
        var seen = Set<UInt32>()
        mediaSSRCs = section.ssrcs.filter { !repair.contains($0) && seen.insert($0).inserted }
        retransmissionSSRCs = section.ssrcGroups(.fid).reduce(into: [:]) { map, group in
            if group.ssrcs.count >= 2 { map[group.ssrcs[0]] = group.ssrcs[1] }
        }
        let declared = Set(section.rids.filter { $0.direction == .send }.map(\.id))
        var rids: [String] = []
        for stream in section.simulcast?.send ?? [] {
            if let rid = stream.first?.rid, declared.contains(rid), !rids.contains(rid) { rids.append(rid) }
        }
        sendRIDs = rids
    }

    /// The first codec named `name` (e.g. "opus", "VP8"), with only the RTCP feedback whose
    /// type is in `feedback` kept.
    public func codec(named name: String, keepingFeedback feedback: Set<String>) -> Codec? {
        guard var codec = codecs.first(where: { $0.isNamed(name) }) else { return nil }
        codec.feedback = codec.feedback.filter { feedback.contains($0.type) }
        return codec
    }

    /// The header extensions whose URIs are in `uris`.
    public func headerExtensions(in uris: Set<String>) -> [ExtensionMap] {
        headerExtensions.filter { uris.contains($0.uri) }.map { ExtensionMap(id: $0.id, uri: $0.uri) }
    }
}
