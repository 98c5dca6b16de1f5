#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The value of the environment variable `name`, or nil when it is not set.
public func environmentValue(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
}

/// Prints `message` to standard error and exits with status 1: a benchmark whose input
/// cannot be built must fail the run loudly rather than measure nothing.
public func fail(_ message: String) -> Never {
    fputs("beep-bench: \(message)\n", stderr)
    exit(1)
}
