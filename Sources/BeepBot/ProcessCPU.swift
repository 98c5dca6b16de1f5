import Foundation

/// CPU time of another process from `/proc/<pid>/stat` (proc(5): fields 14 `utime` and 15
/// `stime`, in clock ticks), for load mode's per-packet cost of the SFU process.
public enum ProcessCPU {
    /// User + system CPU seconds `pid` has used so far; nil when it cannot be read.
    public static func seconds(pid: Int32) -> Double? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        return seconds(statLine: String(decoding: data, as: UTF8.self), ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// Parses a `/proc/<pid>/stat` line: the fields after the `)` that closes `comm` (which
    /// may itself hold spaces and parentheses) start with field 3, so utime and stime are the
    /// 12th and 13th of them.
    public static func seconds(statLine: String, ticksPerSecond: Double) -> Double? {
        guard ticksPerSecond > 0, let close = statLine.lastIndex(of: ")") else { return nil }
        let fields = statLine[statLine.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }
}
