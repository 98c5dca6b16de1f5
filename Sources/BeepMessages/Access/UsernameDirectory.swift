import BeepPlatformCore

/// Finds users by username, for `@username` mentions and the `from:` / `mentions:` search
/// filters. The users service owns usernames: wire its store here (see docs/messages.md).
public protocol UsernameDirectory: Sendable {
    /// The ids of the users named `usernames` (case-insensitive), keyed by lowercased username;
    /// unknown names are left out.
    func userIDs(usernames: [String]) async throws -> [String: UserID]
}

/// A directory given as a closure (e.g. over the users store, or a fixed table in tests).
public struct ClosureUsernameDirectory: UsernameDirectory {
    private let lookup: @Sendable ([String]) async throws -> [String: UserID]

    /// A directory answering with `lookup` (it receives lowercased, distinct usernames).
    public init(_ lookup: @escaping @Sendable ([String]) async throws -> [String: UserID]) {
        self.lookup = lookup
    }

    /// Looks the names up through the closure.
    public func userIDs(usernames: [String]) async throws -> [String: UserID] {
        let keys = Array(Set(usernames.map { $0.lowercased() }))
        guard !keys.isEmpty else { return [:] }
        return try await lookup(keys)
    }
}
