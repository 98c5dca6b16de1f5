import HTTPTypes
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore

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

    /// An endpoint.
    public init(path: String, maximumMessageBytes: Int = 128 * 1024,
                open: @escaping @Sendable () -> (id: UInt64, outgoing: AsyncStream<String>),
                receivedText: @escaping @Sendable (UInt64, String) -> Void,
                receivedBinary: @escaping @Sendable (UInt64) -> Void,
                closed: @escaping @Sendable (UInt64) -> Void) {
        self.path = path
        self.maximumMessageBytes = maximumMessageBytes
        self.open = open
        self.receivedText = receivedText
        self.receivedBinary = receivedBinary
        self.closed = closed
    }
}

enum WebSocketUpgrade {
    /// Upgrades requests for `endpoint.path`; every other request stays HTTP.
    static func server(_ endpoint: WebSocketEndpoint?) -> HTTPServerBuilder {
        // Frames up to the endpoint's limit (the library's default is 16 KiB, less than a
        // browser's SDP offer with a few sections).
        let frameLimit = endpoint?.maximumMessageBytes ?? (1 << 14)
        return .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: frameLimit))) { request, _, _ in
            guard let endpoint, request.path?.split(separator: "?").first.map(String.init) == endpoint.path else {
                return .dontUpgrade
            }
            return .upgrade([:]) { inbound, outbound, _ in
                let (id, outgoing) = endpoint.open()
                let writer = Task {
                    for await frame in outgoing { try await outbound.write(.text(frame)) }
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
