/// Where the HTTP/WebSocket gateway listens.
public struct GatewayConfiguration: Sendable, Equatable {
    /// The address to bind (127.0.0.1 by default; 0.0.0.0 behind a proxy or in a container).
    public var host: String
    /// The TCP port (8080 by default).
    public var port: Int

    /// A configuration; defaults serve http://localhost:8080.
    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}
