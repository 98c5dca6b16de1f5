/// One `key=value` (or bare `value`) entry of an fmtp parameter list.
public struct FormatParameter: Hashable, Sendable {
    /// The key, or the whole entry when it has no `=` (e.g. telephone-event's `0-15`).
    public var key: String
    /// The value after the first `=`, if any.
    public var value: String?

    /// Creates a parameter.
    public init(key: String, value: String? = nil) {
        self.key = key
        self.value = value
    }

    /// The text form `key=value` or `key`.
    public var sdpValue: String { value.map { "\(key)=\($0)" } ?? key }
}

/// `a=fmtp`: codec-specific parameters for one payload type (RFC 8866 §6.15).
///
/// The raw parameter string is kept (`raw`) so codec parameters can be echoed unchanged; the
/// ordered `parameters` list is the `;`-separated entries with surrounding spaces trimmed.
/// Equality compares `payloadType` and `parameters`, not the raw spelling.
public struct FormatParameters: Hashable, Sendable {
    /// The RTP payload type, 0...127.
    public let payloadType: UInt8
    /// The entries in written order.
    public let parameters: [FormatParameter]
    /// The parameter text exactly as received (or as built from `parameters`).
    public let raw: String

    /// Creates fmtp from parsed entries; `raw` becomes the canonical `k=v;k=v` form.
    public init(payloadType: UInt8, parameters: [FormatParameter]) {
        self.payloadType = payloadType
        self.parameters = parameters
        self.raw = parameters.map(\.sdpValue).joined(separator: ";")
    }

    /// Creates fmtp from a raw parameter string, splitting it into entries.
    public init(payloadType: UInt8, raw: String) {
        self.payloadType = payloadType
        self.raw = raw
        var entries: [FormatParameter] = []
        for piece in SDPText.split(raw[...], on: ";", omittingEmpty: true) {
            let entry = SDPText.trimmed(piece)
            guard !entry.isEmpty else { continue }
            let (key, value) = SDPText.splitOnce(entry, at: "=")
            entries.append(FormatParameter(key: String(SDPText.trimmed(key)),
                                           value: value.map { String(SDPText.trimmed($0)) }))
        }
        self.parameters = entries
    }

    /// The value of the first parameter named `key` (case-insensitive, RFC 8866 §6.15 leaves case to
    /// the codec; the common ones are lower case).
    public func value(for key: String) -> String? {
        let wanted = key.lowercased()
        return parameters.first { $0.key.lowercased() == wanted }?.value
    }

    /// Parses `<format> SP <format specific parameters>`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> FormatParameters {
        let (pt, rest) = SDPText.splitOnce(value, at: " ")
        let payloadType = try SDPText.payloadType(pt)
        return FormatParameters(payloadType: payloadType, raw: String(SDPText.trimmed(rest ?? "")))
    }

    /// The attribute value in canonical form (entries joined by `;`).
    public var sdpValue: String {
        parameters.isEmpty ? "\(payloadType)" : "\(payloadType) " + parameters.map(\.sdpValue).joined(separator: ";")
    }

    /// Equal when payload type and parsed entries match (the raw spelling is ignored).
    public static func == (lhs: FormatParameters, rhs: FormatParameters) -> Bool {
        lhs.payloadType == rhs.payloadType && lhs.parameters == rhs.parameters
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(payloadType)
        hasher.combine(parameters)
    }
}
