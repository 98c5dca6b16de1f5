import BeepCalls
import Synchronization

/// Carries the media node's events (``CallInput`` from the room workers) to the one Connect
/// stream that is open. A new stream replaces the previous one, which then ends; with no stream
/// open, events are dropped (signalling is gone, so nobody could use them).
public final class SFUEventRelay: Sendable {
    private struct Current {
        var id: UInt64
        var continuation: AsyncStream<CallInput>.Continuation
    }

    private struct State {
        var current: Current?
        var nextID: UInt64 = 1
        var closed = false
    }

    private let state = Mutex(State())

    /// An empty relay.
    public init() {}

    /// Hands an event to the open stream, if any.
    public func send(_ input: CallInput) {
        let continuation = state.withLock { $0.current?.continuation }
        continuation?.yield(input)
    }

    /// Opens a stream of events, ending the previous one. After ``close()`` the stream ends at once.
    func attach() -> (id: UInt64, events: AsyncStream<CallInput>) {
        let (events, continuation) = AsyncStream.makeStream(of: CallInput.self, bufferingPolicy: .bufferingNewest(4096))
        let (id, previous, closed) = state.withLock { state -> (UInt64, Current?, Bool) in
            let id = state.nextID
            state.nextID &+= 1
            let previous = state.current
            state.current = state.closed ? nil : Current(id: id, continuation: continuation)
            return (id, previous, state.closed)
        }
        previous?.continuation.finish()
        if closed { continuation.finish() }
        return (id, events)
    }

    /// Ends stream `id` if it is still the open one.
    func detach(_ id: UInt64) {
        let continuation = state.withLock { state -> AsyncStream<CallInput>.Continuation? in
            guard let current = state.current, current.id == id else { return nil }
            state.current = nil
            return current.continuation
        }
        continuation?.finish()
    }

    /// Ends the open stream and refuses new ones (graceful shutdown).
    public func close() {
        let continuation = state.withLock { state -> AsyncStream<CallInput>.Continuation? in
            state.closed = true
            defer { state.current = nil }
            return state.current?.continuation
        }
        continuation?.finish()
    }
}
