import Logging
import PostgresKit

extension Database {
    /// The schema this database's tables live in: `public`, or the URL's `search_path`.
    /// Notification channels are named after it, so that databases sharing one PostgreSQL
    /// server in different schemas (tests) do not hear each other.
    public var schemaName: String {
        postgresConfiguration?.searchPath?.first ?? "public"
    }

    /// PostgreSQL only: opens a dedicated connection (outside the pool), runs `LISTEN channel`
    /// and calls `body` once the server has confirmed it, with the payloads of the
    /// notifications that arrive from then on, in commit order (PostgreSQL's `NOTIFY`).
    /// Returns when `body` returns; the sequence throws when the connection fails, and so does
    /// this method. `channel` must be a plain lowercase identifier.
    /// - Throws: ``StorageError`` `.invalidConfiguration` on SQLite or a bad channel name,
    ///   `.unavailable` when the connection cannot be made or breaks.
    public func listen<T: Sendable>(channel: String,
                                    _ body: @Sendable (NotificationPayloads) async throws -> T) async throws -> T {
        guard let configuration = postgresConfiguration else {
            throw StorageError(.invalidConfiguration, reason: "LISTEN needs PostgreSQL")
        }
        guard !channel.isEmpty, channel.utf8.count <= 63,
              channel.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }) else {
            throw StorageError(.invalidConfiguration, reason: "notification channel must be a plain lowercase identifier")
        }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration.coreConfiguration,
                                                              id: 0, logger: logger)
        } catch {
            throw StorageError(.unavailable, reason: "cannot open a listening connection: \(String(reflecting: error))")
        }
        do {
            let result = try await connection.listen(on: channel) { notifications in
                try await body(NotificationPayloads(base: notifications))
            }
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            if let error = error as? StorageError { throw error }
            throw StorageError(.unavailable, reason: "listening connection failed: \(String(reflecting: error))")
        }
    }
}

/// The payloads of `NOTIFY`s on one channel, as ``Database/listen(channel:_:)`` hands them out.
public struct NotificationPayloads: AsyncSequence, Sendable {
    /// One notification's payload.
    public typealias Element = String
    let base: PostgresNotificationSequence

    /// Iterates the payloads.
    public func makeAsyncIterator() -> Iterator { Iterator(base: base.makeAsyncIterator()) }

    /// The iterator of ``NotificationPayloads``.
    public struct Iterator: AsyncIteratorProtocol {
        var base: PostgresNotificationSequence.AsyncIterator

        /// The next payload; nil when listening ends; throws when the connection failed.
        public mutating func next() async throws -> String? {
            try await base.next()?.payload
        }
    }
}
