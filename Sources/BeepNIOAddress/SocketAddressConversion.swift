import BeepSTUN
import NIOCore

/// Conversions between NIO socket addresses and the protocol machines' `STUNAddress`, shared
/// by the socket drivers (media and TURN). Used when a 5-tuple is bound, not per packet.
public enum SocketAddressConversion {
    /// The `STUNAddress` of an IPv4 or IPv6 socket address; nil for Unix sockets.
    public static func stunAddress(_ address: SocketAddress) -> STUNAddress? {
        guard let host = address.ipAddress, let port = address.port, let port16 = UInt16(exactly: port) else {
            return nil
        }
        return STUNAddress(host: host, port: port16)
    }

    /// The NIO socket address of a `STUNAddress`.
    public static func socketAddress(_ address: STUNAddress) -> SocketAddress? {
        var buffer = ByteBuffer()
        buffer.writeBytes(address.addressBytes)
        return try? SocketAddress(packedIPAddress: buffer, port: Int(address.port))
    }
}
