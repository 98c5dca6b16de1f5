extension MediaDescription {
    /// `a=mid` (RFC 5888 §4).
    public var mid: String? { attributes.first { if case .mid(let v) = $0 { v } else { nil } } }

    /// The direction attribute; `sendrecv` when absent (RFC 8866 §6.7).
    public var direction: MediaDirection {
        attributes.first { if case .direction(let v) = $0 { v } else { nil } } ?? .sendrecv
    }

    /// Media-level `a=ice-ufrag`.
    public var iceUfrag: String? { attributes.first { if case .iceUfrag(let v) = $0 { v } else { nil } } }
    /// Media-level `a=ice-pwd`.
    public var icePwd: String? { attributes.first { if case .icePwd(let v) = $0 { v } else { nil } } }
    /// Media-level `a=ice-options` tokens.
    public var iceOptions: [String] { attributes.all { if case .iceOptions(let v) = $0 { v } else { nil } }.flatMap { $0 } }
    /// Media-level `a=fingerprint` lines.
    public var fingerprints: [Fingerprint] { attributes.all { if case .fingerprint(let v) = $0 { v } else { nil } } }
    /// Media-level `a=setup`.
    public var setup: SetupRole? { attributes.first { if case .setup(let v) = $0 { v } else { nil } } }
    /// `a=msid` lines.
    public var msids: [MediaStreamID] { attributes.all { if case .msid(let v) = $0 { v } else { nil } } }
    /// `a=rtcp-mux` present (RFC 8858 §3).
    public var rtcpMux: Bool { attributes.contains(.rtcpMux) }
    /// `a=rtcp-mux-only` present (RFC 8858 §3).
    public var rtcpMuxOnly: Bool { attributes.contains(.rtcpMuxOnly) }
    /// `a=rtcp-rsize` present (RFC 5506 §5).
    public var rtcpReducedSize: Bool { attributes.contains(.rtcpRsize) }
    /// `a=candidate` lines.
    public var candidates: [ICECandidate] { attributes.all { if case .candidate(let v) = $0 { v } else { nil } } }
    /// `a=end-of-candidates` present (RFC 8840 §8.2).
    public var endOfCandidates: Bool { attributes.contains(.endOfCandidates) }
    /// `a=sctp-port` (RFC 8841 §5).
    public var sctpPort: UInt16? { attributes.first { if case .sctpPort(let v) = $0 { v } else { nil } } }
    /// `a=max-message-size` (RFC 8841 §6).
    public var maxMessageSize: UInt64? { attributes.first { if case .maxMessageSize(let v) = $0 { v } else { nil } } }
    /// `a=rtpmap` lines.
    public var rtpmaps: [RTPMap] { attributes.all { if case .rtpmap(let v) = $0 { v } else { nil } } }
    /// `a=fmtp` lines.
    public var formatParameters: [FormatParameters] { attributes.all { if case .fmtp(let v) = $0 { v } else { nil } } }
    /// `a=rtcp-fb` lines.
    public var feedback: [RTCPFeedback] { attributes.all { if case .rtcpFeedback(let v) = $0 { v } else { nil } } }
    /// Media-level `a=extmap` lines (see `SessionDescription.headerExtensions(for:)` for session-level ones).
    public var headerExtensions: [ExtensionMap] { attributes.all { if case .extmap(let v) = $0 { v } else { nil } } }
    /// `a=extmap-allow-mixed` present (RFC 8285 §6).
    public var extmapAllowMixed: Bool { attributes.contains(.extmapAllowMixed) }
    /// `a=rid` lines (RFC 8851).
    public var rids: [RestrictionIdentifier] { attributes.all { if case .rid(let v) = $0 { v } else { nil } } }
    /// `a=simulcast` (RFC 8853).
    public var simulcast: Simulcast? { attributes.first { if case .simulcast(let v) = $0 { v } else { nil } } }
    /// `a=ssrc` lines.
    public var ssrcAttributes: [SSRCAttribute] { attributes.all { if case .ssrc(let v) = $0 { v } else { nil } } }
    /// `a=ssrc-group` lines.
    public var ssrcGroups: [SSRCGroup] { attributes.all { if case .ssrcGroup(let v) = $0 { v } else { nil } } }

    /// The codecs, in `m=` format order: each payload type with an `rtpmap`, joined with its `fmtp`
    /// and the `rtcp-fb` lines for it or for `*`. Payload types without `rtpmap` are skipped.
    public var codecs: [Codec] {
        let maps = rtpmaps
        let fmtps = formatParameters
        let fbs = feedback
        var result: [Codec] = []
        var seen: Set<UInt8> = []
        for pt in payloadTypes where !seen.contains(pt) {
            seen.insert(pt)
            guard let map = maps.first(where: { $0.payloadType == pt }) else { continue }
            result.append(Codec(payloadType: pt, name: map.encoding, clockRate: map.clockRate,
                                channels: map.channels,
                                parameters: fmtps.first { $0.payloadType == pt },
                                feedback: fbs.filter { $0.applies(to: pt) }))
        }
        return result
    }

    /// The distinct SSRCs named by `a=ssrc` lines, in first-seen order (RFC 5576 §4.1).
    public var ssrcs: [UInt32] {
        var seen: Set<UInt32> = []
        return ssrcAttributes.compactMap { seen.insert($0.ssrc).inserted ? $0.ssrc : nil }
    }

    /// The `cname` of `ssrc` (RFC 5576 §6.1).
    public func cname(of ssrc: UInt32) -> String? {
        ssrcAttributes.first { $0.ssrc == ssrc && $0.attribute == "cname" }?.value
    }

    /// The groups with the given semantics (e.g. `.fid`, `.sim`).
    public func ssrcGroups(_ semantics: SSRCGroup.Semantics) -> [SSRCGroup] {
        ssrcGroups.filter { $0.semantics == semantics }
    }

    /// The retransmission SSRC paired with `primary` by an `FID` group (RFC 5576 §4.2, RFC 4588 §8.1).
    public func retransmissionSSRC(for primary: UInt32) -> UInt32? {
        for group in ssrcGroups(.fid) where group.ssrcs.count >= 2 && group.ssrcs.first == primary {
            return group.ssrcs.dropFirst().first
        }
        return nil
    }

    /// The SSRCs of the first `SIM` group, lowest layer first as Chromium writes them.
    public var simulcastSSRCs: [UInt32] { ssrcGroups(.sim).first?.ssrcs ?? [] }

    /// The media section is rejected (port 0 without `a=bundle-only`, RFC 8843 §6).
    public var isRejected: Bool { port == 0 && attributes.named("bundle-only").isEmpty }
}
