/// A loopback UDP echo server under test, running on its own one-thread event loop group.
protocol EchoServer {
    /// The name printed in the results table.
    var name: String { get }
    /// The bound port on 127.0.0.1.
    var port: UInt16 { get }
    /// The CPU clock of the server's only event loop thread.
    var cpuClock: ThreadCPUClock { get }
    /// Makes the server accept datagrams from the client socket `fd` (Beep: a STUN check).
    func admit(clientSocket fd: Int32) throws
    /// Closes the socket and shuts the event loop group down.
    func stop() async throws
}

/// A failure that stops the benchmark run.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}
