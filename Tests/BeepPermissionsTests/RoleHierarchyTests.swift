import BeepPermissions
import Testing

/// Discord, Topics › Permissions, "Permission Hierarchy": members act only on members and roles
/// strictly below their highest role; the owner is above everyone.
struct RoleHierarchyTests {
    static let everyone = RoleID(100)
    static let top = RoleID(1)      // position 4, MANAGE_ROLES + KICK + BAN
    static let middle = RoleID(2)   // position 2, KICK
    static let low = RoleID(3)      // position 1, nothing
    static let admin = RoleID(4)    // position 3, ADMINISTRATOR
    let server = PermissionServer(
        owner: MemberID(1),
        everyone: PermissionRole(id: everyone, position: 0, permissions: [.viewChannel]),
        roles: [
            PermissionRole(id: top, position: 4, permissions: [.manageRoles, .kickMembers, .banMembers]),
            PermissionRole(id: middle, position: 2, permissions: [.kickMembers]),
            PermissionRole(id: low, position: 1, permissions: []),
            PermissionRole(id: admin, position: 3, permissions: [.administrator]),
        ])
    let owner = PermissionMember(id: MemberID(1), roles: [])
    let alice = PermissionMember(id: MemberID(2), roles: [top])
    let bob = PermissionMember(id: MemberID(3), roles: [middle, low])
    let carol = PermissionMember(id: MemberID(4), roles: [low])
    let dave = PermissionMember(id: MemberID(5), roles: [middle])
    let erin = PermissionMember(id: MemberID(6), roles: [admin])

    @Test("highest position: the highest role held; @everyone's when none; the owner above all")
    func highestPositions() {
        #expect(server.highestPosition(of: bob) == 2)
        #expect(server.highestPosition(of: PermissionMember(id: MemberID(8), roles: [])) == 0)
        #expect(server.highestPosition(of: owner) == Int.max)
    }

    @Test("kick needs KICK_MEMBERS and a strictly higher highest role")
    func kick() {
        #expect(server.canModerate(bob, carol, with: .kickMembers))
        #expect(!server.canModerate(bob, dave, with: .kickMembers), "equal highest role is not above")
        #expect(!server.canModerate(carol, PermissionMember(id: MemberID(9), roles: []), with: .kickMembers),
                "above but without KICK_MEMBERS")
        #expect(!server.canModerate(bob, alice, with: .kickMembers), "below the target")
        #expect(!server.canModerate(bob, bob, with: .kickMembers), "nobody acts on themselves")
    }

    @Test("the owner acts on everyone; nobody, not even an administrator, acts on the owner")
    func ownerRanksAboveAll() {
        #expect(server.canModerate(owner, alice, with: .banMembers))
        #expect(!server.canModerate(alice, owner, with: .banMembers))
        #expect(!server.canModerate(erin, owner, with: .kickMembers))
    }

    @Test("ADMINISTRATOR grants the permission but not rank")
    func administratorStillNeedsRank() {
        #expect(server.canModerate(erin, bob, with: .banMembers))
        #expect(!server.canModerate(erin, alice, with: .banMembers))
    }

    @Test("managing a role needs MANAGE_ROLES and a highest role strictly above it")
    func manageRoles() {
        let roleAt = { (position: Int) in PermissionRole(id: RoleID(50), position: position, permissions: []) }
        #expect(server.canManageRole(alice, roleAt(3)))
        #expect(!server.canManageRole(alice, roleAt(4)))
        #expect(!server.canManageRole(bob, roleAt(1)), "no MANAGE_ROLES")
        #expect(server.canManageRole(owner, roleAt(99)))
        #expect(server.canPlaceRole(alice, at: 3))
        #expect(!server.canPlaceRole(alice, at: 4))
        #expect(!server.canPlaceRole(owner, at: 0), "nothing goes at or below @everyone")
    }

    @Test("a role or overwrite may only carry permissions its author holds")
    func grant() {
        #expect(server.canGrant(alice, [.kickMembers, .viewChannel]))
        #expect(!server.canGrant(alice, [.manageServer]))
        #expect(server.canGrant(erin, .all))
        #expect(server.canGrant(owner, .all))
    }
}
