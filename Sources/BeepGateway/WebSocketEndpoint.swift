import HTTPTypes
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// A WebSocket endpoint the gateway upgrades requests to: the application side (e.g. call
/// signalling) without any HTTP types.
public struct WebSocketEndpoint: Sendable {
    /// The request path that upgrades, e.g. `/call/ws`.
    public let path: String
    /// Largest message read whole; bigger ones close the connection. The application caps
    /// its own frames below this and answers too-large frames with an error.
    public let maximumMessageBytes: Int
    /// A new connection: its id and the text frames to write to it (finishing closes it).
    public let open: @Sendable () -> (id: UInt64, outgoing: AsyncStream<String>)
    /// A text frame arrived.
    public let receivedText: @Sendable (_ id: UInt64, _ text: String) -> Void
    /// A binary frame arrived.
    public let receivedBinary: @Sendable (_ id: UInt64) -> Void
    /// The connection ended.
    public let closed: @Sendable (_ id: UInt64) -> Void
    /// A frame of `outgoing` was written (for applications that bound what a client may owe).
    public let delivered: (@Sendable (_ id: UInt64) -> Void)?
    /// When `outgoing` finishes: the close code and reason to send (nil: a normal closure).
    public let closeFrame: (@Sendable (_ id: UInt64) -> (code: UInt16, reason: String)?)?

    /// An endpoint.
    public init(path: String, maximumMessageBytes: Int = 128 * 1024,
                open: @escaping @Sendable () -> (id: UInt64, outgoing: AsyncStream<String>),
                receivedText: @escaping @Sendable (UInt64, String) -> Void,
                receivedBinary: @escaping @Sendable (UInt64) -> Void,
                closed: @escaping @Sendable (UInt64) -> Void,
                delivered: (@Sendable (UInt64) -> Void)? = nil,
                closeFrame: (@Sendable (UInt64) -> (code: UInt16, reason: String)?)? = nil) {
        self.path = path
        self.maximumMessageBytes = maximumMessageBytes
        self.open = open
        self.receivedText = receivedText
        self.receivedBinary = receivedBinary
        self.closed = closed
        self.delivered = delivered
        self.closeFrame = closeFrame
    }
}

enum WebSocketUpgrade {
    /// Upgrades requests for each endpoint's path; every other request stays HTTP.
    static func server(_ endpoints: [WebSocketEndpoint]) -> HTTPServerBuilder {
        // Frames up to the largest endpoint limit (the library's default is 16 KiB, less than a
        // browser's SDP offer with a few sections); each endpoint reads messages up to its own.
        let frameLimit = endpoints.map(\.maximumMessageBytes).max() ?? (1 << 14)
        return .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: frameLimit))) { request, _, _ in
            let path = request.path?.split(separator: "?").first.map(String.init)
            guard let endpoint = endpoints.first(where: { $0.path == path }) else {
                return .dontUpgrade
            }
            return .upgrade([:]) { inbound, outbound, _ in
                let (id, outgoing) = endpoint.open()
                let writer = Task {
                    for await frame in outgoing {
                        try await outbound.write(.text(frame))
                        endpoint.delivered?(id)
                    }
                    if let close = endpoint.closeFrame?(id) {
                        try await outbound.close(WebSocketErrorCode(codeNumber: Int(close.code)), reason: close.reason)
                    }
                }
                defer {
                    endpoint.closed(id)
                    writer.cancel()
                }
                for try await message in inbound.messages(maxSize: endpoint.maximumMessageBytes) {
                    switch message {
                    case .text(let text): endpoint.receivedText(id, text)
                    case .binary: endpoint.receivedBinary(id)
                    }
                }
            }
        }
    }
}
