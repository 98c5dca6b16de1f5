import Foundation

/// What a verified join token allows: who, where, what, until when.
public struct JoinGrant: Sendable, Equatable, Hashable {
    /// The call room.
    public var room: String
    /// Stable user identity.
    public var identity: String
    /// Display name.
    public var name: String
    /// Granted permissions.
    public var permissions: Set<CallPermission>
    /// When the token stops being accepted.
    public var expiresAt: Date

    /// Creates a grant.
    public init(room: String, identity: String, name: String, permissions: Set<CallPermission>, expiresAt: Date) {
        self.room = room
        self.identity = identity
        self.name = name
        self.permissions = permissions
        self.expiresAt = expiresAt
    }

    /// Whether the grant allows publishing `kind`.
    public func allows(_ kind: TrackKind) -> Bool { permissions.contains(kind.requiredPermission) }
}
