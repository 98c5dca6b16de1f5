import BeepCommunities
import BeepPermissions
import BeepPlatformCore
import Testing

/// The pure rules: channel and role ordering, field validation, invite codes.
struct LayoutAndValidationTests {
    static let server = Snowflake(rawValue: 1)
    static func channel(_ id: Int64, _ kind: PermissionChannelKind, parent: Int64? = nil, at position: Int) -> CommunityChannel {
        CommunityChannel(id: Snowflake(rawValue: id), serverID: server, parentID: parent.map { Snowflake(rawValue: $0) },
                         kind: kind, name: "c\(id)", topic: "", position: position, overwrites: [])
    }

    @Test("channels display as top-level items by position, each folder followed by its children")
    func orderedLayout() {
        let channels = [Self.channel(5, .text, parent: 2, at: 1), Self.channel(2, .folder, at: 1), Self.channel(3, .text, at: 0),
                        Self.channel(4, .voice, parent: 2, at: 0), Self.channel(6, .voice, at: 2)]
        #expect(ChannelLayout.ordered(channels).map(\.id.rawValue) == [3, 2, 4, 5, 6])
        #expect(ChannelLayout.nextPosition(in: channels, parentID: Snowflake(rawValue: 2)) == 2)
    }

    @Test("moving a channel renumbers its old and new sibling groups; the index is clamped")
    func moveChannel() {
        let channels = [Self.channel(1, .text, at: 0), Self.channel(2, .folder, at: 1), Self.channel(3, .text, at: 2),
                        Self.channel(4, .voice, parent: 2, at: 0)]
        let placements = ChannelLayout.move(Snowflake(rawValue: 1), to: Snowflake(rawValue: 2), index: 99, in: channels)
        let byID = Dictionary(uniqueKeysWithValues: placements.map { ($0.id.rawValue, $0) })
        #expect(byID[1]?.parentID == Snowflake(rawValue: 2) && byID[1]?.position == 1)
        #expect(byID[2]?.position == 0 && byID[3]?.position == 1, "old siblings close the gap")
        #expect(byID[4] == nil, "unchanged placements are not rewritten")
        #expect(ChannelLayout.move(Snowflake(rawValue: 9), to: nil, index: 0, in: channels).isEmpty)
    }

    @Test("folders hold text and voice channels of the same server, one level deep")
    func parentRules() throws {
        let folder = Self.channel(2, .folder, at: 0)
        try ChannelLayout.checkParent(kind: .voice, parent: folder, serverID: Self.server)
        try ChannelLayout.checkParent(kind: .folder, parent: nil, serverID: Self.server)
        #expect(throws: CommunityError.self) { try ChannelLayout.checkParent(kind: .folder, parent: folder, serverID: Self.server) }
        #expect(throws: CommunityError.self) {
            try ChannelLayout.checkParent(kind: .text, parent: Self.channel(3, .text, at: 0), serverID: Self.server)
        }
        #expect(throws: CommunityError.self) {
            try ChannelLayout.checkParent(kind: .text, parent: folder, serverID: Snowflake(rawValue: 99))
        }
    }

    @Test("moving a role keeps the others in order and numbers them 1, 2, 3, ...")
    func moveRole() {
        func role(_ id: Int64, _ position: Int) -> CommunityRole {
            CommunityRole(id: Snowflake(rawValue: id), serverID: Self.server, name: "r", colour: 0, position: position, permissions: [])
        }
        let roles = [role(1, 0), role(10, 1), role(11, 2), role(12, 3)]
        let moved = RoleLayout.move(Snowflake(rawValue: 12), to: 1, in: roles)
        #expect(moved == [Snowflake(rawValue: 12): 1, Snowflake(rawValue: 10): 2, Snowflake(rawValue: 11): 3])
        #expect(RoleLayout.move(Snowflake(rawValue: 10), to: 50, in: roles)[Snowflake(rawValue: 10)] == 3)
        #expect(RoleLayout.move(Snowflake(rawValue: 1), to: 2, in: roles).isEmpty, "@everyone does not move")
        #expect(RoleLayout.compacted([role(1, 0), role(10, 2), role(11, 5)]) == [Snowflake(rawValue: 10): 1, Snowflake(rawValue: 11): 2])
    }

    @Test("names are trimmed, 1...100 characters, without control characters")
    func names() throws {
        #expect(try CommunityValidation.name("  Café ☕ ", field: "name") == "Café ☕")
        #expect(throws: CommunityError(.invalid(field: "name"), "name must not be empty.")) {
            try CommunityValidation.name(" \n ", field: "name")
        }
        #expect(throws: CommunityError.self) { try CommunityValidation.name(String(repeating: "é", count: 101), field: "name") }
        #expect(throws: CommunityError.self) { try CommunityValidation.name("a\u{0007}b", field: "name") }
        #expect(throws: CommunityError.self) { try CommunityValidation.colour(-1) }
        #expect(try CommunityValidation.colour(0xFFFFFF) == 0xFFFFFF)
    }

    @Test("invite codes: 10 characters of [A-Za-z0-9], distinct, and only well-formed codes are looked up")
    func inviteCodes() {
        let codes = (0..<1000).map { _ in InviteCode.generate() }
        #expect(Set(codes).count == 1000)
        #expect(codes.allSatisfy(InviteCode.isWellFormed))
        #expect(!InviteCode.isWellFormed("short"))
        #expect(!InviteCode.isWellFormed("abcdefghi!"))
        #expect(!InviteCode.isWellFormed("abcdefghijk"))
    }
}
