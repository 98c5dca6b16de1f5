/// `a=ssrc`: a property of one RTP source, e.g. `1234 cname:abc` (RFC 5576 §4.1).
public struct SSRCAttribute: Hashable, Sendable {
    /// The synchronization source identifier.
    public var ssrc: UInt32
    /// The source attribute name, e.g. `cname`, `msid`.
    public var attribute: String
    /// The value after the first `:`, if any (may contain spaces, e.g. `msid:stream track`).
    public var value: String?

    /// Creates the attribute.
    public init(ssrc: UInt32, attribute: String, value: String? = nil) {
        self.ssrc = ssrc
        self.attribute = attribute
        self.value = value
    }

    /// Parses `<ssrc-id> SP <attribute>[:<value>]`.
    public static func parse(_ text: Substring) throws(SDPParseError) -> SSRCAttribute {
        let (id, rest) = SDPText.splitOnce(text, at: " ")
        let ssrc: UInt32 = try SDPText.number(id, field: "ssrc id")
        let attributeText = SDPText.trimmed(rest ?? "")
        guard !attributeText.isEmpty else { throw SDPParseError(.missingField, "ssrc needs an attribute") }
        let (name, value) = SDPText.splitOnce(attributeText, at: ":")
        guard !name.isEmpty else { throw SDPParseError(.missingField, "ssrc attribute name is empty") }
        return SSRCAttribute(ssrc: ssrc, attribute: String(name), value: value.map(String.init))
    }

    /// The attribute value.
    public var sdpValue: String {
        value.map { "\(ssrc) \(attribute):\($0)" } ?? "\(ssrc) \(attribute)"
    }
}
