/// The bounds of the events service (docs/events.md); tests shorten the times.
public struct EventLimits: Sendable, Hashable {
    /// Largest client frame.
    public var maximumClientFrameBytes = 16 * 1024
    /// Time to identify or resume after connecting.
    public var identifyTimeout: Duration = .seconds(10)
    /// Heartbeat interval told to clients; silence for two intervals closes (4009).
    public var heartbeatInterval: Duration = .seconds(30)
    /// Events a connection may have queued and not yet written.
    public var maximumQueuedEvents = 1000
    /// Bytes a connection may have queued and not yet written.
    public var maximumQueuedBytes = 1 << 20
    /// Events a session keeps for resume.
    public var resumeBufferEvents = 2000
    /// How long a session's events are kept for resume, and how long it outlives its connection.
    public var resumeWindow: Duration = .seconds(300)

    /// The defaults of docs/events.md.
    public init() {}
}
