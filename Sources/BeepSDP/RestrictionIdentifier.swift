/// `a=rid`: an RTP stream identifier with its direction and restrictions (RFC 8851 §10).
public struct RestrictionIdentifier: Hashable, Sendable {
    /// The direction of a rid.
    public enum Direction: String, Hashable, Sendable {
        /// The offerer sends this stream.
        case send
        /// The offerer receives this stream.
        case recv
    }

    /// The rid value (RFC 8851 §10: alphanumerics, `-` and `_`).
    public var id: String
    /// The direction.
    public var direction: Direction
    /// The `pt=` list: payload types allowed for this stream (empty when absent).
    public var payloadTypes: [UInt8]
    /// The other restrictions in written order, e.g. `max-width=1280` (RFC 8851 §5).
    public var restrictions: [FormatParameter]

    /// Creates a rid.
    public init(id: String, direction: Direction, payloadTypes: [UInt8] = [], restrictions: [FormatParameter] = []) {
        self.id = id
        self.direction = direction
        self.payloadTypes = payloadTypes
        self.restrictions = restrictions
    }

    /// The value of restriction `key`, if present.
    public func restriction(_ key: String) -> String? {
        restrictions.first { $0.key == key }?.value
    }

    /// Parses `<rid-id> SP send|recv [SP <rid-pt-param-list> / <rid-param-list>]`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> RestrictionIdentifier {
        let f = SDPText.fields(value)
        try SDPText.require(f, atLeast: 2, "rid")
        guard f.count <= 3 else { throw SDPParseError(.malformedLine, "rid has more than 3 fields") }
        guard f[0].utf8.allSatisfy({ isRIDByte($0) }) else {
            throw SDPParseError(.invalidValue, "rid id '\(SDPText.clip(f[0]))' has characters outside [A-Za-z0-9_-]")
        }
        guard let direction = Direction(rawValue: String(f[1])) else {
            throw SDPParseError(.invalidValue, "rid direction '\(SDPText.clip(f[1]))' is not send/recv")
        }
        var payloadTypes: [UInt8] = []
        var restrictions: [FormatParameter] = []
        if f.count == 3 {
            for piece in SDPText.split(f[2], on: ";", omittingEmpty: true) {
                let (key, rest) = SDPText.splitOnce(piece, at: "=")
                if key == "pt", let rest {
                    for pt in SDPText.split(rest, on: ",", omittingEmpty: false) {
                        payloadTypes.append(try SDPText.payloadType(pt))
                    }
                } else {
                    restrictions.append(FormatParameter(key: String(key), value: rest.map(String.init)))
                }
            }
        }
        return RestrictionIdentifier(id: String(f[0]), direction: direction,
                                     payloadTypes: payloadTypes, restrictions: restrictions)
    }

    /// The attribute value (a `pt=` entry first, then the other restrictions).
    public var sdpValue: String {
        var params: [String] = []
        if !payloadTypes.isEmpty { params.append("pt=" + payloadTypes.map { "\($0)" }.joined(separator: ",")) }
        params += restrictions.map(\.sdpValue)
        let base = "\(id) \(direction.rawValue)"
        return params.isEmpty ? base : base + " " + params.joined(separator: ";")
    }

    private static func isRIDByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x2D || byte == 0x5F
    }
}
