/// A role's identifier as the permission algorithm sees it. A server's @everyone role has the
/// server's own identifier (as in Discord), so `RoleID(server)` names it.
public struct RoleID: Hashable, Sendable, Codable, Comparable {
    /// The raw 64-bit identifier (a snowflake in Beep's services).
    public let rawValue: UInt64
    /// An identifier from its raw value.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    /// Orders by raw value.
    public static func < (lhs: RoleID, rhs: RoleID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A member's (user's) identifier as the permission algorithm sees it.
public struct MemberID: Hashable, Sendable, Codable, Comparable {
    /// The raw 64-bit identifier (the user's id in Beep's services).
    public let rawValue: UInt64
    /// An identifier from its raw value.
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    /// Orders by raw value.
    public static func < (lhs: MemberID, rhs: MemberID) -> Bool { lhs.rawValue < rhs.rawValue }
}
