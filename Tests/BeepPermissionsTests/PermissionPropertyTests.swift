import BeepPermissions
import BeepWire
import Testing

/// Thousands of random servers, roles, members and overwrites: the resolver must agree with the
/// reference reading in `ReferencePermissions` on every one.
struct PermissionPropertyTests {
    /// A random set biased toward few bits, sometimes with bits Beep does not define.
    static func randomPermissions(_ random: inout SplitMix64) -> Permissions {
        var set = Permissions()
        for bit in ReferencePermissions.bits where random.next() % 4 == 0 {
            if bit == .administrator && random.next() % 4 != 0 { continue }
            set.insert(bit)
        }
        if random.next() % 10 == 0 { set.insert(Permissions(rawValue: 1 << 60)) }
        return set
    }

    struct World {
        var owner: MemberID
        var everyone: PermissionRole
        var roles: [PermissionRole]
        var members: [PermissionMember]
        var kind: PermissionChannelKind?
        var overwrites: [PermissionOverwrite]
        var server: PermissionServer { PermissionServer(owner: owner, everyone: everyone, roles: roles) }
    }

    static func randomWorld(_ random: inout SplitMix64) -> World {
        let serverID = RoleID(1000)
        let everyone = PermissionRole(id: serverID, position: 0, permissions: randomPermissions(&random))
        let roleCount = Int(random.next() % 7)
        let roles = (0..<roleCount).map { index in
            PermissionRole(id: RoleID(UInt64(index + 1)), position: Int(random.next() % 6) + 1,
                           permissions: randomPermissions(&random))
        }
        // Candidate role ids include @everyone and an id the server does not have (99).
        let candidateRoles = roles.map(\.id) + [serverID, RoleID(99)]
        let members = (0..<4).map { index in
            PermissionMember(id: MemberID(UInt64(index + 1)),
                             roles: Set(candidateRoles.filter { _ in random.next() % 3 == 0 }))
        }
        let kinds: [PermissionChannelKind?] = [nil, .text, .voice, .folder]
        let kind = kinds[Int(random.next() % 4)]
        var overwrites: [PermissionOverwrite] = []
        var targets: [PermissionOverwrite.Target] = candidateRoles.map { .role($0) }
        targets += (1...5).map { .member(MemberID(UInt64($0))) }
        for target in targets where random.next() % 3 == 0 {
            overwrites.append(PermissionOverwrite(target: target, allow: randomPermissions(&random),
                                                  deny: randomPermissions(&random)))
        }
        overwrites.shuffle(using: &random)
        let owner = MemberID(random.next() % 8 == 0 ? 1 : 42)
        return World(owner: owner, everyone: everyone, roles: roles, members: members, kind: kind, overwrites: overwrites)
    }

    @Test("effective permissions agree with the reference on 5000 random servers", arguments: [0x5EED_0001 as UInt64, 0xBEEF_0002])
    func effectivePermissionsMatchReference(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var disagreements = 0
        var adminOrOwner = 0, emptyInChannel = 0, checked = 0
        for _ in 0..<2500 {
            let world = Self.randomWorld(&random)
            let server = world.server
            let channel = world.kind.map { PermissionChannel(kind: $0, overwrites: world.overwrites) }
            for member in world.members {
                let actual = PermissionResolver.effectivePermissions(of: member, in: server, channel: channel)
                let expected = ReferencePermissions.effective(
                    memberID: member.id, memberRoles: member.roles, ownerID: world.owner, everyone: world.everyone,
                    roles: world.roles, kind: world.kind, overwrites: world.overwrites)
                checked += 1
                if actual == .all { adminOrOwner += 1 }
                if world.kind != nil && actual.isEmpty { emptyInChannel += 1 }
                if actual != expected {
                    disagreements += 1
                    if disagreements <= 3 {
                        Issue.record("member \(member.id.rawValue): \(PermissionNames.names(of: actual)) vs reference \(PermissionNames.names(of: expected))")
                    }
                }
            }
        }
        #expect(disagreements == 0)
        // The generator reaches every branch often enough to matter.
        #expect(checked == 10_000)
        #expect(adminOrOwner > 100)
        #expect(emptyInChannel > 100)
    }

    @Test("hierarchy helpers agree with the reference on random servers")
    func hierarchyMatchesReference() {
        var random = SplitMix64(seed: 0x41E2_A2C4)
        var outranked = 0
        for _ in 0..<2000 {
            let world = Self.randomWorld(&random)
            let server = world.server
            for actor in world.members {
                for target in world.members {
                    let expected = ReferencePermissions.outranks(
                        actor: actor.id, actorRoles: actor.roles, target: target.id, targetRoles: target.roles,
                        ownerID: world.owner, roles: world.roles, everyone: world.everyone)
                    #expect(server.outranks(actor, target) == expected)
                    if expected { outranked += 1 }
                    let kick = PermissionResolver.effectivePermissions(of: actor, in: server).contains(.kickMembers)
                    #expect(server.canModerate(actor, target, with: .kickMembers) == (expected && kick))
                }
            }
        }
        #expect(outranked > 1000)
    }
}
