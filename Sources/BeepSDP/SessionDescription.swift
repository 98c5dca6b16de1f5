/// A whole SDP session description (RFC 8866 §5): session-level lines, then media sections.
///
/// Build one programmatically (e.g. an answer) with the initializer and `MediaDescription`, or parse
/// one with `parse(_:)`; print with `serialized()`. Equality is semantic: attributes compare by typed
/// value, not by their original spelling.
public struct SessionDescription: Hashable, Sendable {
    /// `v=`: always 0 (RFC 8866 §5.1).
    public var version: UInt8
    /// `o=`.
    public var origin: Origin
    /// `s=`: JSEP uses `-` (RFC 8829 §5.2.1).
    public var sessionName: String
    /// `i=`.
    public var information: String?
    /// `u=`.
    public var uri: String?
    /// `e=` lines.
    public var emails: [String]
    /// `p=` lines.
    public var phones: [String]
    /// Session-level `c=`.
    public var connection: ConnectionData?
    /// Session-level `b=` lines.
    public var bandwidths: [Bandwidth]
    /// `t=` lines with their `r=` lines (at least one when printed; JSEP uses `t=0 0`).
    public var timings: [Timing]
    /// `z=`, kept verbatim.
    public var timeZones: String?
    /// Session-level `k=`, kept verbatim.
    public var encryptionKey: String?
    /// Session-level `a=` lines in order.
    public var attributes: [SDPAttribute]
    /// The media sections in order.
    public var media: [MediaDescription]

    /// Creates a description; the defaults give JSEP's `v=0`, `s=-`, `t=0 0`.
    public init(version: UInt8 = 0, origin: Origin, sessionName: String = "-", information: String? = nil,
                uri: String? = nil, emails: [String] = [], phones: [String] = [],
                connection: ConnectionData? = nil, bandwidths: [Bandwidth] = [], timings: [Timing] = [Timing()],
                timeZones: String? = nil, encryptionKey: String? = nil, attributes: [SDPAttribute] = [],
                media: [MediaDescription] = []) {
        self.version = version
        self.origin = origin
        self.sessionName = sessionName
        self.information = information
        self.uri = uri
        self.emails = emails
        self.phones = phones
        self.connection = connection
        self.bandwidths = bandwidths
        self.timings = timings
        self.timeZones = timeZones
        self.encryptionKey = encryptionKey
        self.attributes = attributes
        self.media = media
    }

    /// Appends a typed session-level attribute.
    public mutating func append(_ value: SDPAttribute.Value) {
        attributes.append(SDPAttribute(value))
    }
}
