import BeepPermissions
import Testing

/// Cases written from Discord's developer documentation, Topics › Permissions
/// (https://discord.com/developers/docs/topics/permissions). Each case names the rule it checks:
/// "Permission Overwrites" (the order @everyone, roles, member), "Implicit Permissions", and the
/// ADMINISTRATOR and owner rules from "Permission Overwrites"' pseudo-code.
struct DiscordPermissionTableTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let rule: String
        let memberRoles: Set<RoleID>
        let isOwner: Bool
        let kind: PermissionChannelKind?
        let overwrites: [PermissionOverwrite]
        let expected: Permissions
        var testDescription: String { rule }
    }

    static let server = RoleID(100)
    static let moderator = RoleID(1)
    static let helper = RoleID(2)
    static let admin = RoleID(3)
    static let member = MemberID(7)
    static let owner = MemberID(9)

    /// @everyone: view, send, connect, speak. moderator: kick, manage messages. helper: embed,
    /// attach. admin: ADMINISTRATOR.
    static let roles = PermissionServer(
        owner: owner,
        everyone: PermissionRole(id: server, position: 0, permissions: [.viewChannel, .sendMessages, .connect, .speak]),
        roles: [
            PermissionRole(id: moderator, position: 3, permissions: [.kickMembers, .manageMessages]),
            PermissionRole(id: helper, position: 2, permissions: [.embedLinks, .attachFiles]),
            PermissionRole(id: admin, position: 5, permissions: [.administrator]),
        ])

    static let cases: [Case] = [
        Case(rule: "base permissions: @everyone alone", memberRoles: [], isOwner: false, kind: nil, overwrites: [],
             expected: [.viewChannel, .sendMessages, .connect, .speak]),
        Case(rule: "base permissions: @everyone OR every role held", memberRoles: [moderator, helper], isOwner: false,
             kind: nil, overwrites: [],
             expected: [.viewChannel, .sendMessages, .connect, .speak, .kickMembers, .manageMessages, .embedLinks, .attachFiles]),
        Case(rule: "ADMINISTRATOR in the base grants all permissions", memberRoles: [admin], isOwner: false, kind: nil,
             overwrites: [], expected: .all),
        Case(rule: "ADMINISTRATOR bypasses channel overwrites", memberRoles: [admin], isOwner: false, kind: .text,
             overwrites: [PermissionOverwrite(target: .role(server), deny: .viewChannel),
                          PermissionOverwrite(target: .member(member), deny: .all)],
             expected: .all),
        Case(rule: "the guild owner has all permissions", memberRoles: [], isOwner: true, kind: .text,
             overwrites: [PermissionOverwrite(target: .member(owner), deny: .all)], expected: .all),
        Case(rule: "@everyone overwrite: deny then allow", memberRoles: [], isOwner: false, kind: .text,
             overwrites: [PermissionOverwrite(target: .role(server), allow: .mentionEveryone, deny: .speak)],
             expected: [.viewChannel, .sendMessages, .connect, .mentionEveryone]),
        Case(rule: "role overwrites apply after @everyone's: a role allow restores an @everyone deny",
             memberRoles: [helper], isOwner: false, kind: .text,
             overwrites: [PermissionOverwrite(target: .role(server), deny: .sendMessages),
                          PermissionOverwrite(target: .role(helper), allow: .sendMessages)],
             expected: [.viewChannel, .sendMessages, .connect, .speak, .embedLinks, .attachFiles]),
        Case(rule: "role overwrites combined: any role's allow wins over another role's deny",
             memberRoles: [moderator, helper], isOwner: false, kind: .text,
             overwrites: [PermissionOverwrite(target: .role(moderator), deny: .sendMessages),
                          PermissionOverwrite(target: .role(helper), allow: .sendMessages)],
             expected: [.viewChannel, .sendMessages, .connect, .speak, .kickMembers, .manageMessages, .embedLinks, .attachFiles]),
        Case(rule: "role overwrites of roles the member does not hold do not apply", memberRoles: [], isOwner: false,
             kind: .text, overwrites: [PermissionOverwrite(target: .role(moderator), deny: .viewChannel)],
             expected: [.viewChannel, .sendMessages, .connect, .speak]),
        Case(rule: "member overwrite applies last: its allow beats a role deny", memberRoles: [moderator], isOwner: false,
             kind: .text,
             overwrites: [PermissionOverwrite(target: .role(moderator), deny: .sendMessages),
                          PermissionOverwrite(target: .member(member), allow: .sendMessages)],
             expected: [.viewChannel, .sendMessages, .connect, .speak, .kickMembers, .manageMessages]),
        Case(rule: "member overwrite applies last: its deny beats a role allow", memberRoles: [helper], isOwner: false,
             kind: .voice,
             overwrites: [PermissionOverwrite(target: .role(helper), allow: .stream),
                          PermissionOverwrite(target: .member(member), deny: .stream)],
             expected: [.viewChannel, .sendMessages, .connect, .speak, .embedLinks, .attachFiles]),
        Case(rule: "another member's overwrite does not apply", memberRoles: [], isOwner: false, kind: .text,
             overwrites: [PermissionOverwrite(target: .member(MemberID(8)), deny: .viewChannel)],
             expected: [.viewChannel, .sendMessages, .connect, .speak]),
        Case(rule: "private channel: @everyone denied VIEW_CHANNEL, a role allowed it", memberRoles: [moderator],
             isOwner: false, kind: .text,
             overwrites: [PermissionOverwrite(target: .role(server), deny: .viewChannel),
                          PermissionOverwrite(target: .role(moderator), allow: .viewChannel)],
             expected: [.viewChannel, .sendMessages, .connect, .speak, .kickMembers, .manageMessages]),
        Case(rule: "implicit: without VIEW_CHANNEL all other permissions are denied in the channel", memberRoles: [moderator],
             isOwner: false, kind: .text,
             overwrites: [PermissionOverwrite(target: .role(server), deny: .viewChannel)],
             expected: []),
        Case(rule: "implicit: without SEND_MESSAGES no MENTION_EVERYONE, ATTACH_FILES, EMBED_LINKS (text)",
             memberRoles: [helper], isOwner: false, kind: .text,
             overwrites: [PermissionOverwrite(target: .role(server), allow: .mentionEveryone, deny: .sendMessages)],
             expected: [.viewChannel, .connect, .speak]),
        Case(rule: "implicit SEND_MESSAGES rule is about text channels only (voice keeps attach/embed)",
             memberRoles: [helper], isOwner: false, kind: .voice,
             overwrites: [PermissionOverwrite(target: .role(server), deny: .sendMessages)],
             expected: [.viewChannel, .connect, .speak, .embedLinks, .attachFiles]),
        Case(rule: "implicit (Beep): without CONNECT no SPEAK, VIDEO, STREAM in a voice channel", memberRoles: [],
             isOwner: false, kind: .voice,
             overwrites: [PermissionOverwrite(target: .role(server), allow: [.video, .stream], deny: .connect)],
             expected: [.viewChannel, .sendMessages]),
        Case(rule: "folders: overwrites are the folder's own, only the VIEW_CHANNEL rule applies", memberRoles: [],
             isOwner: false, kind: .folder,
             overwrites: [PermissionOverwrite(target: .role(server), deny: [.sendMessages, .connect])],
             expected: [.viewChannel, .speak]),
        Case(rule: "overwrites for roles the server does not have are ignored", memberRoles: [RoleID(55)],
             isOwner: false, kind: .text,
             overwrites: [PermissionOverwrite(target: .role(RoleID(55)), deny: .viewChannel)],
             expected: [.viewChannel, .sendMessages, .connect, .speak]),
    ]

    @Test(arguments: cases)
    func discordDocumentedRule(_ testCase: Case) {
        let who = PermissionMember(id: testCase.isOwner ? Self.owner : Self.member, roles: testCase.memberRoles)
        let channel = testCase.kind.map { PermissionChannel(kind: $0, overwrites: testCase.overwrites) }
        let result = PermissionResolver.effectivePermissions(of: who, in: Self.roles, channel: channel)
        #expect(result == testCase.expected, "\(PermissionNames.names(of: result)) vs \(PermissionNames.names(of: testCase.expected))")
    }

    @Test("unknown bits in roles and overwrites grant nothing")
    func unknownBitsAreDropped() {
        let server = PermissionServer(
            owner: Self.owner,
            everyone: PermissionRole(id: Self.server, position: 0, permissions: Permissions(rawValue: 1 << 62 | 1 << 10)),
            roles: [])
        let result = PermissionResolver.effectivePermissions(
            of: PermissionMember(id: Self.member, roles: []), in: server,
            channel: PermissionChannel(kind: .text, overwrites: [
                PermissionOverwrite(target: .role(Self.server), allow: Permissions(rawValue: 1 << 61))]))
        #expect(result == .viewChannel)
    }

    @Test("every permission has one distinct API name that round-trips")
    func permissionNamesRoundTrip() {
        #expect(PermissionNames.table.count == 20)
        #expect(Set(PermissionNames.table.map(\.name)).count == 20)
        #expect(PermissionNames.table.reduce(Permissions()) { $0.union($1.permission) } == .all)
        for (name, permission) in PermissionNames.table {
            #expect(PermissionNames.permission(named: name) == permission)
            #expect(PermissionNames.names(of: permission) == [name])
        }
        #expect(PermissionNames.permission(named: "fly") == nil)
    }
}
