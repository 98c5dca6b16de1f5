import Foundation
import PostgresKit
import SQLiteKit

/// A storage failure with a dialect-independent code (DESIGN rule 5: typed errors, mapped once).
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, independent of SQLite or PostgreSQL.
    public enum Code: Sendable, Equatable {
        /// A UNIQUE constraint refused the write. `constraint` is normalised to
        /// `table.column[,table.column...]` on both dialects (e.g. `users.email_key`).
        case uniqueViolation(constraint: String)
        /// A FOREIGN KEY constraint refused the write.
        case foreignKeyViolation
        /// The row asked for does not exist.
        case notFound
        /// The database is unreachable, busy beyond its timeout, or shut down.
        case unavailable
        /// The configuration (URL, path) is unusable.
        case invalidConfiguration
        /// A migration failed; nothing of it was applied.
        case migrationFailed(id: String)
        /// Any other database error.
        case other
    }

    /// The dialect-independent code.
    public var code: Code
    /// A human-readable reason (never shown to API clients verbatim).
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code` and `reason` in one line.
    public var description: String { "StorageError(\(code)): \(reason)" }

    /// True when this is a unique violation whose constraint mentions `column`
    /// (e.g. `isUniqueViolation(column: "email_key")`).
    public func isUniqueViolation(column: String) -> Bool {
        guard case .uniqueViolation(let constraint) = code else { return false }
        return constraint.split(separator: ",").contains { part in
            let name = part.split(separator: ".").last.map(String.init) ?? String(part)
            return name.trimmingCharacters(in: .whitespaces) == column
        }
    }

    /// Driver errors mapped to ``StorageError``; any other error (a caller's own) unchanged.
    public static func mapping(_ error: any Error) -> any Error {
        if error is SQLiteError || error is PSQLError { return from(error) }
        return error
    }

    /// Maps an SQLite or PostgreSQL driver error (or a ``StorageError``) to a ``StorageError``.
    public static func from(_ error: any Error) -> StorageError {
        if let storage = error as? StorageError { return storage }
        if let sqlite = error as? SQLiteError { return fromSQLite(sqlite) }
        if let psql = error as? PSQLError { return fromPostgres(psql) }
        return StorageError(.other, reason: String(describing: error))
    }

    private static func fromSQLite(_ error: SQLiteError) -> StorageError {
        let message = error.message
        switch error.reason {
        case .constraintUniqueFailed, .constraintPrimaryKeyFailed:
            return StorageError(.uniqueViolation(constraint: uniqueColumns(fromSQLiteMessage: message)), reason: message)
        case .constraintForeignKeyFailed:
            return StorageError(.foreignKeyViolation, reason: message)
        case .constraint:
            if message.contains("UNIQUE constraint failed") {
                return StorageError(.uniqueViolation(constraint: uniqueColumns(fromSQLiteMessage: message)), reason: message)
            }
            if message.contains("FOREIGN KEY constraint failed") {
                return StorageError(.foreignKeyViolation, reason: message)
            }
            return StorageError(.other, reason: message)
        case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .cantOpen:
            return StorageError(.unavailable, reason: message)
        default:
            return StorageError(.other, reason: message)
        }
    }

    /// `UNIQUE constraint failed: users.email_key, users.x` → `users.email_key,users.x`.
    private static func uniqueColumns(fromSQLiteMessage message: String) -> String {
        guard let colon = message.range(of: "failed:") else { return message }
        return message[colon.upperBound...]
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: ",")
    }

    private static func fromPostgres(_ error: PSQLError) -> StorageError {
        guard let info = error.serverInfo else {
            return StorageError(.unavailable, reason: String(reflecting: error.code))
        }
        let state = info[.sqlState] ?? ""
        let message = info[.message] ?? "PostgreSQL error \(state)"
        switch state {
        case "23505":
            let table = info[.tableName] ?? ""
            let columns = uniqueColumns(fromPostgresDetail: info[.detail] ?? "")
            let constraint = columns.isEmpty
                ? (info[.constraintName] ?? message)
                : columns.map { table.isEmpty ? $0 : "\(table).\($0)" }.joined(separator: ",")
            return StorageError(.uniqueViolation(constraint: constraint), reason: message)
        case "23503":
            return StorageError(.foreignKeyViolation, reason: message)
        case "57P01", "57P02", "57P03", "53300", "40001", "40P01":
            return StorageError(.unavailable, reason: message)
        default:
            return StorageError(.other, reason: "\(state): \(message)")
        }
    }

    /// `Key (email_key)=(a@b.c) already exists.` → `["email_key"]`.
    private static func uniqueColumns(fromPostgresDetail detail: String) -> [String] {
        guard let open = detail.range(of: "Key ("),
              let close = detail.range(of: ")=", range: open.upperBound..<detail.endIndex) else { return [] }
        return detail[open.upperBound..<close.lowerBound]
            .split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }
}
