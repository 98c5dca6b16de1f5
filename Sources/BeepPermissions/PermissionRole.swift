/// A role as the permission algorithm sees it: where it sits in the hierarchy and what it grants
/// server-wide. Higher `position` ranks higher; @everyone sits at position 0.
public struct PermissionRole: Hashable, Sendable, Codable {
    /// The role's identifier.
    public var id: RoleID
    /// Its place in the hierarchy (higher is more powerful).
    public var position: Int
    /// What it grants server-wide.
    public var permissions: Permissions

    /// A role from its parts.
    public init(id: RoleID, position: Int, permissions: Permissions) {
        self.id = id
        self.position = position
        self.permissions = permissions
    }
}
