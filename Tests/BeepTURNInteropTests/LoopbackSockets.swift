#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BeepSTUN

/// A socket call failed.
struct LoopbackSocketError: Error, CustomStringConvertible {
    let operation: String
    let code: Int32
    var description: String { "\(operation) failed: errno \(code) (\(String(cString: strerror(code))))" }
}

/// IPv4 socket addresses for 127.0.0.0/8 only: these tests never send anywhere else.
enum LoopbackAddress {
    static func sockaddr(_ address: STUNAddress) -> sockaddr_in {
        var raw = sockaddr_in()
        raw.sin_family = sa_family_t(AF_INET)
        raw.sin_port = address.port.bigEndian
        withUnsafeMutableBytes(of: &raw.sin_addr) { buffer in
            for (index, byte) in address.addressBytes.prefix(4).enumerated() { buffer[index] = byte }
        }
        return raw
    }

    static func stunAddress(_ raw: sockaddr_in) -> STUNAddress {
        let bytes = withUnsafeBytes(of: raw.sin_addr) { Array($0.prefix(4)) }
        return STUNAddress.ipv4(bytes[0], bytes[1], bytes[2], bytes[3], port: UInt16(bigEndian: raw.sin_port))
    }

    static func isLoopback(_ address: STUNAddress) -> Bool {
        address.family == .ipv4 && address.addressBytes.first == 127
    }
}

/// A non-blocking UDP socket bound to 127.0.0.1 on a kernel-chosen (or given) port.
final class LoopbackUDPSocket {
    let descriptor: Int32
    let address: STUNAddress

    init(port: UInt16 = 0) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_DGRAM, 0)
        #endif
        guard fd >= 0 else { throw LoopbackSocketError(operation: "socket(UDP)", code: errno) }
        descriptor = fd
        var bindAddress = LoopbackAddress.sockaddr(.ipv4(127, 0, 0, 1, port: port))
        let bound = withUnsafePointer(to: &bindAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw LoopbackSocketError(operation: "bind(UDP 127.0.0.1:\(port))", code: code)
        }
        var size = 4 * 1024 * 1024
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int>.size))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        address = LoopbackAddress.stunAddress(local)
    }

    deinit { close(descriptor) }

    /// Sends one datagram to a loopback address (anything else is refused, never sent).
    func send(_ bytes: [UInt8], to destination: STUNAddress) {
        guard LoopbackAddress.isLoopback(destination) else { return }
        var raw = LoopbackAddress.sockaddr(destination)
        _ = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &raw) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// The next datagram, or nil when none is waiting.
    func receive() -> (bytes: [UInt8], from: STUNAddress)? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &source) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(descriptor, raw.baseAddress, raw.count, Int32(MSG_DONTWAIT), $0, &length)
                }
            }
        }
        guard count >= 0 else { return nil }
        return (Array(buffer.prefix(count)), LoopbackAddress.stunAddress(source))
    }
}

/// A TCP connection to a loopback server, non-blocking after connect.
final class LoopbackTCPConnection {
    let descriptor: Int32
    private(set) var isClosed = false

    init(to server: STUNAddress) throws {
        guard LoopbackAddress.isLoopback(server) else {
            throw LoopbackSocketError(operation: "connect to a non-loopback address", code: EINVAL)
        }
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LoopbackSocketError(operation: "socket(TCP)", code: errno) }
        descriptor = fd
        var raw = LoopbackAddress.sockaddr(server)
        let connected = withUnsafePointer(to: &raw) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw LoopbackSocketError(operation: "connect(TCP \(server))", code: code)
        }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes`, waiting (at most 2 s) while the socket buffer is full.
    func send(_ bytes: [UInt8]) {
        var offset = 0
        var waits = 0
        while offset < bytes.count, !isClosed {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if errno == EAGAIN || errno == EWOULDBLOCK, waits < 2_000 {
                waits += 1
                var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&entry, 1, 1)
            } else {
                isClosed = true
            }
        }
    }

    /// Whatever bytes are waiting, or nil when none (an orderly close sets ``isClosed``).
    func receive() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        if count == 0 { isClosed = true }
        guard count > 0 else { return nil }
        return Array(buffer.prefix(count))
    }
}

/// Waits until one of `descriptors` is readable or `timeout` passes.
func waitReadable(_ descriptors: [Int32], timeout: Duration) {
    var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    let milliseconds = max(0, min(50, Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)))
    _ = poll(&entries, nfds_t(entries.count), milliseconds)
}
