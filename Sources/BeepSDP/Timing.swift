/// A `t=` line and the `r=` lines that follow it (RFC 8866 §5.9, §5.10). JSEP uses `t=0 0`.
public struct Timing: Hashable, Sendable {
    /// Start time (NTP seconds), 0 for unbounded.
    public var start: UInt64
    /// Stop time (NTP seconds), 0 for unbounded.
    public var stop: UInt64
    /// The values of the `r=` lines after this `t=`, kept verbatim.
    public var repeats: [String]

    /// Creates a timing line; the default is the permanent session `t=0 0`.
    public init(start: UInt64 = 0, stop: UInt64 = 0, repeats: [String] = []) {
        self.start = start
        self.stop = stop
        self.repeats = repeats
    }

    /// Parses `<start-time> <stop-time>`.
    public static func parse(_ value: Substring) throws(SDPParseError) -> Timing {
        let f = SDPText.fields(value)
        guard f.count == 2 else {
            throw SDPParseError(f.count < 2 ? .missingField : .malformedLine, "t= needs 2 fields, has \(f.count)")
        }
        return Timing(start: try SDPText.number(f[0], field: "t= start-time"),
                      stop: try SDPText.number(f[1], field: "t= stop-time"))
    }

    /// The value of the `t=` line.
    public var sdpValue: String { "\(start) \(stop)" }
}
