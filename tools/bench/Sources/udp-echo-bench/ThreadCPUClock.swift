import Glibc
import NIOCore

/// The CPU time consumed by one event loop's thread (`pthread_getcpuclockid`), so that a run
/// can report echoes per CPU-second of the server thread: a figure the other processes on a
/// shared machine disturb much less than wall-clock throughput.
struct ThreadCPUClock {
    private let clock: clockid_t

    /// The clock of the thread that runs `eventLoop`.
    init(of eventLoop: any EventLoop) async throws {
        let thread = try await eventLoop.submit { pthread_self() }.get()
        var clock = clockid_t()
        let status = pthread_getcpuclockid(thread, &clock)
        guard status == 0 else { throw BenchFailure(description: "pthread_getcpuclockid failed: \(status)") }
        self.clock = clock
    }

    /// CPU nanoseconds the thread has used so far.
    func nanoseconds() -> Int64 {
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return 0 }
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }
}
