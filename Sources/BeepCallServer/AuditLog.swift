import Foundation
import Logging
import NIOConcurrencyHelpers

/// One operator change, as one JSON line of the audit log (docs/operations.md, "Audit log").
public struct AuditEntry: Codable, Sendable, Equatable {
    /// When, ISO 8601 in UTC with milliseconds.
    public var time: String
    /// Who: the admin token's identity (`admin` while there is one shared token).
    public var actor: String
    /// What: `room.limits`, `participant.mute`, `participant.remove`, `node.drain`,
    /// `subscriber.limits`, `test.link`.
    public var action: String
    /// On what: `room:NAME`, `room:NAME/participant:ID`, `participant:ID` or `node`.
    public var target: String
    /// The new values, as text (never a secret).
    public var details: [String: String]
    /// `ok`, or the refusal's code.
    public var result: String

    /// An entry.
    public init(time: Date, actor: String, action: String, target: String, details: [String: String], result: String) {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        self.time = formatter.string(from: time)
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
        self.result = result
    }
}

/// Appends operator changes to `data/audit.log` (JSON lines, created with mode 0600) and
/// writes each to the process log too. Entries never hold the admin token.
public final class AuditLog: Sendable {
    /// The file the entries are appended to.
    public let file: URL
    private let logger: Logger
    private let lock = NIOLock()

    /// A log appending to `audit.log` in `dataDirectory`.
    public init(dataDirectory: URL, logger: Logger) {
        file = dataDirectory.appendingPathComponent("audit.log")
        self.logger = logger
    }

    /// Records one entry: one line in the file, one notice in the log. A file that cannot be
    /// written is reported in the log (the change itself stands).
    public func record(_ entry: AuditEntry) {
        logger.notice("admin change", metadata: [
            "actor": "\(entry.actor)", "action": "\(entry.action)", "target": "\(entry.target)",
            "details": "\(entry.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))",
            "result": "\(entry.result)",
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(entry) else { return }
        lock.withLock {
            do {
                try append(data + Data("\n".utf8))
            } catch {
                logger.error("cannot write the audit log", metadata: ["file": "\(file.path)", "error": "\(error)"])
            }
        }
    }

    private func append(_ line: Data) throws {
        let manager = FileManager.default
        if !manager.fileExists(atPath: file.path) {
            try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard manager.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }
}
