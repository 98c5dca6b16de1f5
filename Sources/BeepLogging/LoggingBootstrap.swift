import Foundation
import Logging

/// Configures swift-log once per process for a Beep executable.
public enum LoggingBootstrap {
    /// Installs ``BeepLogHandler`` for the whole process: JSON lines unless standard error is a
    /// terminal (or `BEEP_LOG_FORMAT=json|human` says otherwise), at `BEEP_LOG_LEVEL` (default info).
    public static func bootstrap(service: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let formatter = JSONLogFormatter(service: service, containerID: containerID(environment: environment))
        let level = environment["BEEP_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let style: BeepLogHandler.Style
        switch environment["BEEP_LOG_FORMAT"] {
        case "json": style = .json
        case "human": style = .human
        default: style = isatty(STDERR_FILENO) == 1 ? .human : .json
        }
        LoggingSystem.bootstrap { label in
            BeepLogHandler(label: label, level: level, style: style, formatter: formatter)
        }
    }

    /// The container (or host) identity for `container_id`: `BEEP_CONTAINER_ID`, else `HOSTNAME`,
    /// else `/etc/hostname`, else "local".
    public static func containerID(environment: [String: String]) -> String {
        if let explicit = environment["BEEP_CONTAINER_ID"], !explicit.isEmpty { return explicit }
        if let host = environment["HOSTNAME"], !host.isEmpty { return host }
        if let file = try? String(contentsOfFile: "/etc/hostname", encoding: .utf8) {
            let trimmed = file.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { return trimmed }
        }
        return "local"
    }
}
