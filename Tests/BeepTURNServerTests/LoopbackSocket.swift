import BeepSTUN
import Glibc

/// A blocking IPv4 loopback socket for tests, with a receive timeout so every wait is bounded.
final class LoopbackSocket {
    let fd: Int32
    let isStream: Bool
    private var streamBuffer: [UInt8] = []

    /// A UDP socket bound to 127.0.0.1 on an ephemeral port.
    init?(udp: Void = ()) {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        isStream = false
        guard fd >= 0, Self.bind(fd) else { return nil }
        setTimeout(seconds: 2)
    }

    /// A TCP socket connected to `server`.
    init?(tcpTo server: STUNAddress) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        isStream = true
        guard fd >= 0 else { return nil }
        var address = Self.sockaddrIn(server)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { close(fd); return nil }
        setTimeout(seconds: 2)
    }

    deinit { close(fd) }

    /// The bound local address.
    var localAddress: STUNAddress {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Self.stunAddress(address)
    }

    /// Sends a datagram to `destination` (UDP) or writes the bytes (TCP).
    func send(_ bytes: [UInt8], to destination: STUNAddress? = nil) {
        if isStream {
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            return
        }
        guard let destination else { return }
        var address = Self.sockaddrIn(destination)
        _ = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// The next datagram (UDP) or frame (TCP: one STUN or padded ChannelData message), with
    /// its source on UDP; nil after the timeout.
    func receive() -> (bytes: [UInt8], from: STUNAddress?)? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        if isStream {
            for _ in 0..<100 {
                if let frame = nextFrame() { return (frame, nil) }
                let count = read(fd, &buffer, buffer.count)
                guard count > 0 else { return nil }
                streamBuffer += buffer[0..<count]
            }
            return nil
        }
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &length) }
        }
        guard count >= 0 else { return nil }
        return (Array(buffer[0..<count]), Self.stunAddress(address))
    }

    /// Cuts one frame off the stream buffer (RFC 8656 §12.5).
    private func nextFrame() -> [UInt8]? {
        guard streamBuffer.count >= 4 else { return nil }
        let declared = Int(streamBuffer[2]) << 8 | Int(streamBuffer[3])
        let total = (0x40...0x7F).contains(streamBuffer[0]) ? 4 + (declared + 3) / 4 * 4 : 20 + declared
        guard streamBuffer.count >= total else { return nil }
        let frame = Array(streamBuffer[0..<total])
        streamBuffer.removeFirst(total)
        return frame
    }

    private func setTimeout(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    private static func bind(_ fd: Int32) -> Bool {
        var address = sockaddrIn(.ipv4(127, 0, 0, 1, port: 0))
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    static func sockaddrIn(_ address: STUNAddress) -> sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = address.port.bigEndian
        let bytes = address.addressBytes + [0, 0, 0, 0]
        result.sin_addr.s_addr = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        return result
    }

    static func stunAddress(_ address: sockaddr_in) -> STUNAddress {
        let value = address.sin_addr.s_addr
        return .ipv4(UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF),
                     port: UInt16(bigEndian: address.sin_port))
    }
}
