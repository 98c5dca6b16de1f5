/// Where a media node's control API listens: `grpc://HOST:PORT`.
public struct SFUAddress: Sendable, Equatable, CustomStringConvertible {
    /// An IPv4 address or host name, or an IPv6 address without brackets.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// An address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `grpc://HOST:PORT` (IPv6 as `grpc://[::1]:9090`).
    public init(url: String) throws(SFUControlError) {
        let prefix = "grpc://"
        guard url.hasPrefix(prefix) else { throw SFUControlError(.badURL, "\(url): want grpc://HOST:PORT") }
        var rest = Substring(url.dropFirst(prefix.count))
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        let host: Substring
        let portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]"), rest[rest.index(after: close)...].hasPrefix(":") else {
                throw SFUControlError(.badURL, "\(url): want grpc://[IPV6]:PORT")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            portText = rest[rest.index(close, offsetBy: 2)...]
        } else {
            guard let colon = rest.lastIndex(of: ":") else { throw SFUControlError(.badURL, "\(url): no port") }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else {
            throw SFUControlError(.badURL, "\(url): want grpc://HOST:PORT with a port in 1-65535")
        }
        self.init(host: String(host), port: port)
    }

    public var description: String { host.contains(":") ? "grpc://[\(host)]:\(port)" : "grpc://\(host):\(port)" }
}
