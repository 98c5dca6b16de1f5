/// What a datagram on a shared WebRTC port carries, from its first byte (RFC 7983 §7, with the
/// RFC 5761 §4 rule that tells RTCP from RTP on a multiplexed port).
public enum PacketClass: Sendable, Hashable {
    /// STUN (first byte 0-3).
    case stun
    /// ZRTP (16-19); not used by WebRTC.
    case zrtp
    /// DTLS (20-63).
    case dtls
    /// TURN ChannelData (64-79).
    case turnChannel
    /// RTP (128-191, second byte's payload type outside 64-95).
    case rtp
    /// RTCP (128-191, packet type 192-223).
    case rtcp
    /// Anything else: dropped.
    case unknown

    /// Classifies a datagram; never traps.
    public static func of(_ bytes: [UInt8]) -> PacketClass {
        guard let first = bytes.first else { return .unknown }
        switch first {
        case 0...3: return .stun
        case 16...19: return .zrtp
        case 20...63: return .dtls
        case 64...79: return .turnChannel
        case 128...191:
            guard bytes.count >= 2 else { return .unknown }
            return (192...223).contains(bytes[1]) ? .rtcp : .rtp
        default: return .unknown
        }
    }
}
