import BeepDTLS
import BeepSDP
import BeepSRTP
import BeepSTUN

/// An answer to a browser's offer for the echo endpoint, and what the echo session needs to
/// know about it: which SSRCs it echoes under which new SSRCs.
struct EchoAnswer {
    /// The answer to send back.
    let description: SessionDescription
    /// The offerer's ICE credentials.
    let remoteCredentials: BeepSDP.ICECredentials
    /// The offerer's certificate fingerprint.
    let remoteFingerprint: DTLSFingerprint
    /// Offered media SSRC -> the SSRC Beep echoes it under (declared in the answer).
    let echoSSRCs: [UInt32: UInt32]
    /// RTP clock rate of each accepted payload type (`a=rtpmap`).
    let clockRates: [UInt8: UInt32]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Which offered codecs Beep echoes: Opus for audio and VP8 for video (RFC 7587, RFC 7741).
    static let echoedCodecs: [MediaKind: String] = [.audio: "opus", .video: "VP8"]
    /// Header extensions kept in the answer; transport-wide CC is left out since the echo does
    /// not send its feedback.
    static let keptExtensions: Set<String> = [
        "urn:ietf:params:rtp-hdrext:sdes:mid",
        "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
    ]
    /// RTCP feedback kept: NACK, PLI and FIR, which the echo translates back to the sender.
    static let keptFeedback: Set<String> = ["nack", "ccm"]

    /// Builds an answer (JSEP, RFC 8829 §5.3) that accepts each audio and video section with
    /// Opus or VP8 and rtcp-mux, sendrecv, bundled on one transport with ICE-lite and DTLS passive
    /// (Beep is the DTLS server, RFC 8842 §5.1), and rejects everything else.
    static func make(offer: SessionDescription, localCredentials: (ufrag: String, password: String),
                     fingerprint: DTLSFingerprint, candidate: STUNAddress,
                     newSSRC: () -> UInt32) throws(Failure) -> EchoAnswer {
        guard let first = offer.media.first(where: { $0.port != 0 }),
              let credentials = offer.iceCredentials(for: first) else {
            throw Failure(description: "offer has no ICE credentials")
        }
        guard let offeredFingerprint = offer.fingerprints(for: first).first,
              let remoteFingerprint = DTLSFingerprint(sdpValue: offeredFingerprint.sdpValue) else {
            throw Failure(description: "offer has no usable a=fingerprint")
        }
        var echoSSRCs: [UInt32: UInt32] = [:]
        var clockRates: [UInt8: UInt32] = [:]
        var sections: [MediaDescription] = []
        var bundled: [String] = []
        for section in offer.media {
            // rtcp-mux is required (RFC 8829 §4.1.1 "require" policy; RFC 8858): one port per peer.
            guard let mid = section.mid, section.attributes.contains(where: { $0.value == .rtcpMux }),
                  let codecName = echoedCodecs[section.kind],
                  let codec = section.codecs.first(where: { $0.isNamed(codecName) }) else {
                sections.append(rejected(section))
                continue
            }
            var answer = MediaDescription(kind: section.kind, proto: section.proto, formats: [])
            answer.append(.iceUfrag(localCredentials.ufrag))
            answer.append(.icePwd(localCredentials.password))
            answer.append(.fingerprint(Fingerprint(hashFunction: fingerprint.algorithm, bytes: fingerprint.bytes)))
            answer.append(.setup(.passive))
            answer.append(.mid(mid))
            for extensionMap in section.headerExtensions where keptExtensions.contains(extensionMap.uri) {
                answer.append(.extmap(ExtensionMap(id: extensionMap.id, uri: extensionMap.uri)))
            }
            answer.append(.direction(.sendrecv))
            answer.append(.rtcpMux)
            if section.attributes.contains(where: { $0.value == .rtcpRsize }) { answer.append(.rtcpRsize) }
            var echoed = codec
            echoed.feedback = codec.feedback.filter { keptFeedback.contains($0.type) }
            answer.append(codec: echoed)
            clockRates[codec.payloadType] = codec.clockRate
            let streamID = "beep-echo-\(mid)"
            answer.append(.msid(MediaStreamID(streamID: "beep-echo", trackID: streamID)))
            for original in mediaSSRCs(of: section) {
                let echo = newSSRC()
                echoSSRCs[original] = echo
                answer.append(.ssrc(SSRCAttribute(ssrc: echo, attribute: "cname", value: "beep-echo")))
                answer.append(.ssrc(SSRCAttribute(ssrc: echo, attribute: "msid", value: "beep-echo \(streamID)")))
            }
            answer.append(.candidate(BeepSDP.ICECandidate(
                foundation: "1", priority: 2_130_706_431, address: candidate.hostDescription,
                port: candidate.port)))
            answer.append(.endOfCandidates)
            sections.append(answer)
            bundled.append(mid)
        }
        guard !bundled.isEmpty else { throw Failure(description: "offer has no audio (Opus) or video (VP8) section") }
        let description = SessionDescription(
            origin: Origin(sessionID: UInt64(newSSRC()) << 16, sessionVersion: 2, address: "127.0.0.1"),
            attributes: [SDPAttribute(.iceLite), SDPAttribute(.group(MediaGroup(semantics: "BUNDLE", mids: bundled))),
                         SDPAttribute(.msidSemantic(MediaStreamSemantic(semantic: "WMS", identifiers: ["beep-echo"])))],
            media: sections)
        return EchoAnswer(description: description, remoteCredentials: credentials,
                          remoteFingerprint: remoteFingerprint, echoSSRCs: echoSSRCs, clockRates: clockRates)
    }

    /// The SSRCs that carry media (not the RTX or FEC halves of an `a=ssrc-group`, RFC 5576 §4).
    static func mediaSSRCs(of section: MediaDescription) -> [UInt32] {
        let repair = Set(section.ssrcGroups(.fid).compactMap { $0.ssrcs.dropFirst().first }
                         + section.ssrcGroups(.fecFR).compactMap { $0.ssrcs.dropFirst().first })
        var seen = Set<UInt32>()
        return section.ssrcs.filter { !repair.contains($0) && seen.insert($0).inserted }
    }

    /// A rejected section: port 0, same kind, proto and mid (RFC 8829 §5.3.1).
    static func rejected(_ section: MediaDescription) -> MediaDescription {
        var answer = MediaDescription(kind: section.kind, port: 0, proto: section.proto, formats: section.formats)
        if let mid = section.mid { answer.append(.mid(mid)) }
        return answer
    }
}
