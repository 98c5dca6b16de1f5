import Foundation
import Logging

/// A swift-log handler that writes JSON lines (the source document's log format) or, when
/// the output is a terminal, a short human-readable line.
public struct BeepLogHandler: LogHandler {
    /// How records are written.
    public enum Style: Sendable {
        /// One JSON object per line (`level`, `timestamp`, `service`, `container_id`, `message`, ...).
        case json
        /// `HH:MM:SS.mmm LEVEL label: message key=value` for people at a terminal.
        case human
    }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let style: Style
    private let formatter: JSONLogFormatter
    private let sink: LogSink
    private let now: @Sendable () -> Date

    /// A handler for `label`, writing to `sink` in `style`.
    public init(
        label: String, level: Logger.Level, style: Style, formatter: JSONLogFormatter,
        sink: LogSink = .standardError, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.label = label
        self.logLevel = level
        self.style = style
        self.formatter = formatter
        self.sink = sink
        self.now = now
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let date = now()
        switch style {
        case .json:
            var fields = merged
            fields["logger"] = .string(label)
            sink.write(formatter.format(level: event.level, message: "\(event.message)",
                                        metadata: fields, date: date, source: ""))
        case .human:
            sink.write(HumanLogLine.format(level: event.level, label: label, message: "\(event.message)",
                                           metadata: merged, date: date))
        }
    }
}

/// Where log lines go: standard error by default, or a collector in tests.
public struct LogSink: Sendable {
    private let writeLine: @Sendable (String) -> Void

    /// A sink calling `write` with each complete line (no trailing newline).
    public init(_ write: @escaping @Sendable (String) -> Void) { writeLine = write }

    /// Writes a line.
    public func write(_ line: String) { writeLine(line) }

    /// Standard error, one `write(2)` per line so concurrent lines do not interleave.
    public static let standardError = LogSink { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

enum HumanLogLine {
    static func format(level: Logger.Level, label: String, message: String,
                       metadata: Logger.Metadata, date: Date) -> String {
        let time = Timestamp.iso8601(date)
        let clock = time.split(separator: "T").last.map(String.init) ?? time
        var line = "\(clock) \(LogLevelName.name(level)) \(label): \(message)"
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line += " \(key)=" + (SecretRedaction.isSecret(key) ? "[redacted]" : "\(value)")
        }
        return line
    }
}
