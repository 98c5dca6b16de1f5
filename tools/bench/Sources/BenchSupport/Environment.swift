import Foundation

/// The value of the environment variable `name`, or nil when it is not set.
public func environmentValue(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name]
}

/// Prints `message` to standard error and exits with status 1: a benchmark whose input
/// cannot be built must fail the run loudly rather than measure nothing.
public func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("beep-bench: \(message)\n".utf8))
    exit(1)
}
