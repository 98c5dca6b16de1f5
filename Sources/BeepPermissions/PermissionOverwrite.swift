/// A channel's permission overwrite for one role or one member: bits to deny, then bits to allow
/// (Discord, Topics › Permissions, "Permission Overwrites").
public struct PermissionOverwrite: Hashable, Sendable, Codable {
    /// Whom an overwrite applies to.
    public enum Target: Hashable, Sendable, Codable {
        /// Members holding this role (the server's id names @everyone).
        case role(RoleID)
        /// This member only.
        case member(MemberID)
    }

    /// Whom it applies to.
    public var target: Target
    /// Bits it grants in the channel.
    public var allow: Permissions
    /// Bits it removes in the channel.
    public var deny: Permissions

    /// An overwrite from its parts.
    public init(target: Target, allow: Permissions = [], deny: Permissions = []) {
        self.target = target
        self.allow = allow
        self.deny = deny
    }
}
