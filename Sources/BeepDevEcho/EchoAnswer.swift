import BeepDTLS
import BeepNegotiation
import BeepSDP
import BeepSTUN

/// An answer to a browser's offer for the echo endpoint, and what the echo session needs to
/// know about it: which SSRCs it echoes under which new SSRCs.
struct EchoAnswer {
    /// The answer to send back.
    let description: SessionDescription
    /// The offerer's transport (ICE credentials, fingerprint) and sections.
    let remote: RemoteDescription
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
    /// RTCP feedback kept: NACK, PLI and FIR.
    static let keptFeedback: Set<String> = ["nack", "ccm"]

    /// Builds an answer (JSEP, RFC 8829 §5.3) that accepts each audio and video section with
    /// Opus or VP8 and rtcp-mux, sendrecv, bundled on one transport with ICE-lite and DTLS passive
    /// (Beep is the DTLS server, RFC 8842 §5.1), and rejects everything else.
    static func make(offer: SessionDescription, localCredentials: (ufrag: String, password: String),
                     fingerprint: DTLSFingerprint, candidate: STUNAddress,
                     newSSRC: () -> UInt32) throws(Failure) -> EchoAnswer {
        let remote: RemoteDescription
        do {
            remote = try RemoteDescription(offer)
        } catch {
            throw Failure(description: "offer: \(error.description)")
        }
        var echoSSRCs: [UInt32: UInt32] = [:]
        var clockRates: [UInt8: UInt32] = [:]
        var sections: [LocalSection] = []
        for offered in remote.sections {
            // rtcp-mux is required (RFC 8829 §4.1.1 "require" policy; RFC 8858): one port per peer.
            guard let mid = offered.mid, offered.hasRTCPMux, !offered.isRejected,
                  let codecName = echoedCodecs[offered.kind],
                  let codec = offered.codec(named: codecName, keepingFeedback: keptFeedback) else {
                sections.append(.rejected(kind: offered.kind, proto: offered.proto, formats: offered.formats,
                                          mid: offered.mid))
                continue
            }
            clockRates[codec.payloadType] = codec.clockRate
            // One echo SSRC per offered media SSRC; the first is declared with the track.
            var sending: SendingStream?
            for original in offered.mediaSSRCs {
                let echo = newSSRC()
                echoSSRCs[original] = echo
                if sending == nil {
                    sending = SendingStream(ssrc: echo, streamID: "beep-echo", trackID: "beep-echo-\(mid)",
                                            cname: "beep-echo")
                }
            }
            sections.append(.accepted(LocalMediaLine(
                mid: mid, kind: offered.kind, proto: offered.proto, direction: .sendrecv, codec: codec,
                headerExtensions: offered.headerExtensions(in: keptExtensions), sending: sending,
                reducedSizeRTCP: offered.hasReducedSizeRTCP)))
        }
        guard sections.contains(where: { if case .accepted = $0 { true } else { false } }) else {
            throw Failure(description: "offer has no audio (Opus) or video (VP8) section with rtcp-mux")
        }
        let transport = LocalTransport(iceUfrag: localCredentials.ufrag, icePassword: localCredentials.password,
                                       fingerprint: fingerprint, setup: .passive, candidates: [candidate])
        let description = LocalDescriptionBuilder.build(sections: sections, transport: transport,
                                                        sessionID: UInt64(newSSRC()) << 16, version: 2)
        return EchoAnswer(description: description, remote: remote, echoSSRCs: echoSSRCs, clockRates: clockRates)
    }
}
