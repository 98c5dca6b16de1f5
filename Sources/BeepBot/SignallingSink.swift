import BeepCalls

/// Where a ``BotEngine`` puts the client messages it wants sent (the runner forwards them to
/// the WebSocket; tests collect them).
public struct SignallingSink: Sendable {
    /// Queues one message.
    public var send: @Sendable (ClientEnvelope) -> Void
    /// No more messages will come.
    public var finish: @Sendable () -> Void

    /// A sink.
    public init(send: @escaping @Sendable (ClientEnvelope) -> Void, finish: @escaping @Sendable () -> Void) {
        self.send = send
        self.finish = finish
    }

    /// A sink feeding an `AsyncStream` continuation.
    public static func stream(_ continuation: AsyncStream<ClientEnvelope>.Continuation) -> SignallingSink {
        SignallingSink(send: { continuation.yield($0) }, finish: { continuation.finish() })
    }
}
