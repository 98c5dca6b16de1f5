/// `a=msid-semantic`: the legacy session-level MediaStream semantics line, e.g. `WMS *`
/// (draft-ietf-mmusic-msid; still emitted by Chromium and aiortc).
public struct MediaStreamSemantic: Hashable, Sendable {
    /// The semantics token, normally `WMS`.
    public var semantic: String
    /// Stream ids, or `*`.
    public var identifiers: [String]

    /// Creates the attribute.
    public init(semantic: String = "WMS", identifiers: [String] = []) {
        self.semantic = semantic
        self.identifiers = identifiers
    }

    /// Parses `[SP] <token> *(SP <id>)` (Chromium writes a space after the colon).
    public static func parse(_ value: Substring) throws(SDPParseError) -> MediaStreamSemantic {
        let f = SDPText.fields(value)
        guard let first = f.first else { throw SDPParseError(.missingField, "msid-semantic needs a token") }
        return MediaStreamSemantic(semantic: String(first), identifiers: f.dropFirst().map(String.init))
    }

    /// The attribute value in canonical form (no space after the colon).
    public var sdpValue: String { ([semantic] + identifiers).joined(separator: " ") }
}
