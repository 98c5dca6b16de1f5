extension SessionDescription {
    /// Prints the description with CRLF after every line (RFC 8866 §5), in RFC 8866 §5 order.
    ///
    /// Normalisation (the only ways output can differ from parsed input):
    /// - every line ends with CRLF, including the last (input may use bare LF or omit the final one);
    /// - `o=`, `c=`, `b=`, `t=` and `m=` lines are rebuilt from their fields: one space between
    ///   fields and numbers without leading zeros;
    /// - an attribute whose `value` was changed after parsing prints in canonical form; untouched
    ///   attributes print their original text (see `SDPAttribute`);
    /// - `s=`, `i=`, `u=`, `e=`, `p=`, `r=`, `z=`, `k=` lines are kept verbatim.
    /// So a browser description that uses CRLF and single spaces prints back byte for byte.
    public func serialized() -> String {
        var out = ""
        out.reserveCapacity(2048)
        func line(_ type: String, _ value: String) {
            out += type
            out += "="
            out += value
            out += "\r\n"
        }
        line("v", "\(version)")
        line("o", origin.sdpValue)
        line("s", sessionName)
        if let information { line("i", information) }
        if let uri { line("u", uri) }
        for email in emails { line("e", email) }
        for phone in phones { line("p", phone) }
        if let connection { line("c", connection.sdpValue) }
        for bandwidth in bandwidths { line("b", bandwidth.sdpValue) }
        for timing in timings {
            line("t", timing.sdpValue)
            for repeatTime in timing.repeats { line("r", repeatTime) }
        }
        if let timeZones { line("z", timeZones) }
        if let encryptionKey { line("k", encryptionKey) }
        for attribute in attributes { line("a", attribute.sdpText) }
        for section in media {
            line("m", section.mediaLineValue)
            if let information = section.information { line("i", information) }
            for connection in section.connections { line("c", connection.sdpValue) }
            for bandwidth in section.bandwidths { line("b", bandwidth.sdpValue) }
            if let key = section.encryptionKey { line("k", key) }
            for attribute in section.attributes { line("a", attribute.sdpText) }
        }
        return out
    }

    /// The printed description as UTF-8 bytes.
    public func serializedBytes() -> [UInt8] { Array(serialized().utf8) }
}
