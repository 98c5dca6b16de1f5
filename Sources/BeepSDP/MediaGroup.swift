/// `a=group`: a set of media sections tied together, e.g. `BUNDLE 0 1` (RFC 5888 §5, RFC 8843 §7).
public struct MediaGroup: Hashable, Sendable {
    /// The semantics token, e.g. `BUNDLE` or `LS`.
    public var semantics: String
    /// The identification tags (`a=mid` values) in the group, in order.
    public var mids: [String]

    /// The `BUNDLE` semantics (RFC 8843 §7).
    public static let bundle = "BUNDLE"

    /// Creates a group.
    public init(semantics: String, mids: [String]) {
        self.semantics = semantics
        self.mids = mids
    }

    /// Parses `<semantics> *(SP <identification-tag>)`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> MediaGroup {
        let f = SDPText.fields(value)
        guard let first = f.first else {
            throw SDPParseError(.missingField, "group needs a semantics token")
        }
        return MediaGroup(semantics: String(first), mids: f.dropFirst().map(String.init))
    }

    /// The attribute value.
    public var sdpValue: String { ([semantics] + mids).joined(separator: " ") }
}
