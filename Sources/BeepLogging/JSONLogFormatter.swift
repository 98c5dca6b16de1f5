import Foundation
import Logging

/// Renders one log record in the source document's application-log format (§2.5.1):
/// a single JSON object with `level`, `timestamp`, `service`, `container_id`, `message`,
/// then the record's metadata as further fields.
///
/// Metadata keys that look like secrets (`password`, `secret`, `token`, `key`, `authorization`,
/// `cookie`) are redacted so that no handler can leak them by accident.
public struct JSONLogFormatter: Sendable {
    /// The `service` field of every record.
    public let service: String
    /// The `container_id` field of every record.
    public let containerID: String

    /// A formatter for one service running in one container.
    public init(service: String, containerID: String) {
        self.service = service
        self.containerID = containerID
    }

    /// One JSON line (without the trailing newline).
    public func format(
        level: Logger.Level, message: String, metadata: Logger.Metadata, date: Date, source: String
    ) -> String {
        var out = "{"
        appendField(&out, "level", .string(LogLevelName.name(level)), first: true)
        appendField(&out, "timestamp", .string(Timestamp.iso8601(date)))
        appendField(&out, "service", .string(service))
        appendField(&out, "container_id", .string(containerID))
        appendField(&out, "message", .string(message))
        if !source.isEmpty { appendField(&out, "source", .string(source)) }
        for key in metadata.keys.sorted() where !Self.reservedKeys.contains(key) {
            guard let value = metadata[key] else { continue }
            appendField(&out, key, SecretRedaction.isSecret(key) ? .string("[redacted]") : value)
        }
        out += "}"
        return out
    }

    private static let reservedKeys: Set<String> = [
        "level", "timestamp", "service", "container_id", "message", "source",
    ]

    private func appendField(_ out: inout String, _ key: String, _ value: Logger.MetadataValue, first: Bool = false) {
        if !first { out += "," }
        JSONText.appendString(&out, key)
        out += ":"
        JSONText.appendValue(&out, value)
    }
}

/// Upper-case level names as the source document writes them (`INFO`, `WARNING`, ...).
public enum LogLevelName {
    /// The name for a swift-log level.
    public static func name(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "NOTICE"
        case .warning: "WARNING"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }
}

/// Decides which metadata keys carry secrets.
public enum SecretRedaction {
    private static let markers = ["password", "secret", "token", "authorization", "cookie", "apikey", "api_key", "private_key"]

    /// True when a metadata key names a secret and its value must not be written.
    public static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return markers.contains { lowered.contains($0) }
    }
}

enum Timestamp {
    static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func iso8601(_ date: Date) -> String { date.formatted(style) }
}

/// Minimal JSON text emission for log records (RFC 8259 §7 string escaping).
enum JSONText {
    static func appendValue(_ out: inout String, _ value: Logger.MetadataValue) {
        switch value {
        case .string(let string):
            appendString(&out, string)
        case .stringConvertible(let convertible):
            appendConvertible(&out, convertible)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                appendValue(&out, element)
            }
            out += "]"
        case .dictionary(let dictionary):
            out += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                appendString(&out, key)
                out += ":"
                if SecretRedaction.isSecret(key) {
                    appendString(&out, "[redacted]")
                } else if let nested = dictionary[key] {
                    appendValue(&out, nested)
                }
            }
            out += "}"
        }
    }

    /// Numbers and booleans stay JSON numbers and booleans (e.g. `response_status`); anything
    /// else is written as its description string.
    static func appendConvertible(_ out: inout String, _ value: any CustomStringConvertible & Sendable) {
        switch value {
        case let integer as any BinaryInteger:
            out += integer.description
        case let double as Double where double.isFinite:
            out += double.description
        case let bool as Bool:
            out += bool ? "true" : "false"
        default:
            appendString(&out, value.description)
        }
    }

    static func appendString(_ out: inout String, _ string: String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
