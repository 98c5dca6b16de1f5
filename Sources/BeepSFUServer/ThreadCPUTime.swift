#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The calling thread's CPU time (user + system).
enum ThreadCPUTime {
    /// Seconds of CPU the current thread has used, from `CLOCK_THREAD_CPUTIME_ID`; nil if the
    /// clock is unavailable.
    static func currentThreadSeconds() -> Double? {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return nil }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
