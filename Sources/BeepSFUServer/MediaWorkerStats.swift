/// One media worker (an event loop, one per core) and the sockets it owns: what
/// `GET /admin/stats` reports per worker.
public struct MediaWorkerStats: Sendable, Hashable, Codable {
    /// The worker's index, in the order its first socket was bound.
    public var worker: Int
    /// The media ports its sockets are bound to.
    public var ports: [Int]
    /// Datagrams read by its sockets.
    public var datagramsReceived: Int
    /// Datagrams written by its sockets.
    public var datagramsSent: Int
    /// CPU time its thread has used, in seconds (`CLOCK_THREAD_CPUTIME_ID`), when available.
    public var cpuSeconds: Double?
    /// Per RTP datagram: time from its read to the flush of its forwarded copies.
    public var transit: TransitTimeSummary

    /// Stats with the given values.
    public init(worker: Int, ports: [Int], datagramsReceived: Int, datagramsSent: Int, cpuSeconds: Double?,
                transit: TransitTimeSummary) {
        self.worker = worker
        self.ports = ports
        self.datagramsReceived = datagramsReceived
        self.datagramsSent = datagramsSent
        self.cpuSeconds = cpuSeconds
        self.transit = transit
    }
}
