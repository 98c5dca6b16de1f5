import BeepPermissions
import Foundation

/// A demo or load-test community described in JSON (`seeds/demo.json`): users (created by the
/// users service), servers with members, roles, channels, overwrites and invites.
public struct CommunitySeed: Codable, Sendable {
    /// A user to create before the servers (the users service does it; passwords are not in the file).
    public struct User: Codable, Sendable {
        public var username: String
        public var firstName: String
        public var lastName: String
        public var email: String
    }

    /// A role, with the usernames that hold it.
    public struct Role: Codable, Sendable {
        public var name: String
        public var colour: Int?
        public var permissions: [String]?
        public var members: [String]?
    }

    /// An overwrite for a role (by name; `@everyone` allowed) or a member (by username).
    public struct Overwrite: Codable, Sendable {
        public var role: String?
        public var member: String?
        public var allow: [String]?
        public var deny: [String]?
    }

    /// A channel; a folder lists its `children`.
    public struct Channel: Codable, Sendable {
        public var name: String
        public var kind: PermissionChannelKind
        public var topic: String?
        public var children: [Channel]?
        public var overwrites: [Overwrite]?
    }

    /// An invite link to create.
    public struct Invite: Codable, Sendable {
        public var maxUses: Int?
        public var maxAgeSeconds: Int?
    }

    /// A server and everything in it.
    public struct Server: Codable, Sendable {
        public var name: String
        public var description: String?
        public var visibility: ServerVisibility
        public var owner: String
        public var members: [String]?
        public var roles: [Role]?
        public var channels: [Channel]?
        public var invites: [Invite]?
    }

    /// The users to create first.
    public var users: [User]
    /// The servers.
    public var servers: [Server]

    /// Reads a seed file.
    /// - Throws: `DecodingError` naming the bad field, or the file error.
    public static func load(from url: URL) throws -> CommunitySeed {
        try JSONDecoder().decode(CommunitySeed.self, from: Data(contentsOf: url))
    }
}
