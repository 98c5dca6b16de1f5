/// `a=ssrc-group`: sources related by a semantics such as FID (RTX) or SIM (RFC 5576 §4.2).
public struct SSRCGroup: Hashable, Sendable {
    /// The group semantics.
    public struct Semantics: RawRepresentable, Hashable, Sendable {
        /// The token as written.
        public var rawValue: String
        /// Creates semantics from a token.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Flow identification: primary then retransmission (RFC 5576 §4.2, RFC 4588 §8.1).
        public static let fid = Semantics(rawValue: "FID")
        /// Simulcast layers (legacy Chromium signalling).
        public static let sim = Semantics(rawValue: "SIM")
        /// Forward error correction (RFC 5956 §4.3).
        public static let fecFR = Semantics(rawValue: "FEC-FR")
    }

    /// The semantics token.
    public var semantics: Semantics
    /// The sources, in written order.
    public var ssrcs: [UInt32]

    /// Creates a group.
    public init(semantics: Semantics, ssrcs: [UInt32]) {
        self.semantics = semantics
        self.ssrcs = ssrcs
    }

    /// Parses `<semantics> *(SP <ssrc-id>)`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> SSRCGroup {
        let f = SDPText.fields(value)
        guard let first = f.first else { throw SDPParseError(.missingField, "ssrc-group needs semantics") }
        var ssrcs: [UInt32] = []
        for field in f.dropFirst() {
            ssrcs.append(try SDPText.number(field, field: "ssrc-group ssrc"))
        }
        return SSRCGroup(semantics: Semantics(rawValue: String(first)), ssrcs: ssrcs)
    }

    /// The attribute value.
    public var sdpValue: String {
        ([semantics.rawValue] + ssrcs.map { "\($0)" }).joined(separator: " ")
    }
}
