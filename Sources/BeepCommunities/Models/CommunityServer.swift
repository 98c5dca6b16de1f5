import BeepPlatformCore
import Foundation

/// Who can find and join a server.
public enum ServerVisibility: String, Sendable, Hashable, Codable, CaseIterable {
    /// Listed in discovery; any user may join.
    case `public`
    /// Hidden; joined only through an invite link.
    case `private`
}

/// A server: a community that hosts channels, members and roles.
public struct CommunityServer: Sendable, Hashable {
    /// The server's id; its @everyone role has the same id.
    public var id: Snowflake
    /// The owner, who holds every permission.
    public var ownerID: UserID
    /// Display name (1...100 characters).
    public var name: String
    /// Free text shown in discovery (0...1000 characters).
    public var description: String
    /// The picture's id in the file store, if any.
    public var pictureID: Snowflake?
    /// The banner's id in the file store, if any.
    public var bannerID: Snowflake?
    /// Public or private.
    public var visibility: ServerVisibility
    /// When it was created.
    public var createdAt: Date

    /// A server from its parts.
    public init(id: Snowflake, ownerID: UserID, name: String, description: String, pictureID: Snowflake?,
                bannerID: Snowflake?, visibility: ServerVisibility, createdAt: Date) {
        self.id = id
        self.ownerID = ownerID
        self.name = name
        self.description = description
        self.pictureID = pictureID
        self.bannerID = bannerID
        self.visibility = visibility
        self.createdAt = createdAt
    }
}
