extension MediaDescription {
    /// Adds a codec to a section being built (e.g. an answer): appends its payload type to the `m=`
    /// formats if missing, then its `rtpmap`, its `fmtp` when present, and its `rtcp-fb` lines
    /// (RFC 8866 §6.6, §6.15; RFC 4585 §4.2). A wildcard feedback line is written as given.
    public mutating func append(codec: Codec) {
        let pt = "\(codec.payloadType)"
        if !formats.contains(pt) { formats.append(pt) }
        append(.rtpmap(RTPMap(payloadType: codec.payloadType, encoding: codec.name,
                              clockRate: codec.clockRate, channels: codec.channels)))
        if let parameters = codec.parameters { append(.fmtp(parameters)) }
        for feedback in codec.feedback { append(.rtcpFeedback(feedback)) }
    }
}
