/// An RTCP packet whose type this module does not decode, kept raw for a lossless round trip.
public struct UnknownRTCPPacket: Hashable, Sendable {
    /// The packet type octet (RFC 3550 §6.4.1 "PT").
    public var packetType: UInt8
    /// The 5-bit count field of the header.
    public var count: UInt8
    /// The body after the 4-byte header, padding removed.
    public var body: [UInt8]

    /// An unknown packet with the given header fields and body.
    public init(packetType: UInt8, count: UInt8, body: [UInt8]) {
        self.packetType = packetType
        self.count = count
        self.body = body
    }
}
