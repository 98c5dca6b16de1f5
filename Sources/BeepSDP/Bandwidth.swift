/// A `b=` line: a bandwidth limit such as `AS:30` or `TIAS:128000` (RFC 8866 §5.8, RFC 3890).
public struct Bandwidth: Hashable, Sendable {
    /// The modifier: `AS`, `CT`, `TIAS`, `RS`, `RR` or an extension token.
    public var type: String
    /// The limit (kbit/s for AS and CT, bit/s for TIAS).
    public var value: UInt64

    /// Creates a bandwidth line.
    public init(type: String, value: UInt64) {
        self.type = type
        self.value = value
    }

    /// Parses `<bwtype>:<bandwidth>`.
    public static func parse(_ text: Substring) throws(SDPParseError) -> Bandwidth {
        let (type, rest) = SDPText.splitOnce(text, at: ":")
        guard let rest, !type.isEmpty else {
            throw SDPParseError(.missingField, "b= needs <bwtype>:<bandwidth>")
        }
        return Bandwidth(type: String(type), value: try SDPText.number(rest, field: "b= bandwidth"))
    }

    /// The value of the `b=` line.
    public var sdpValue: String { "\(type):\(value)" }
}
