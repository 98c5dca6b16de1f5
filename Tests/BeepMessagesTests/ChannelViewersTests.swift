import BeepCommunities
import BeepMessages
import BeepPermissions
import BeepPlatformCore
import BeepStorage
import Testing

/// A channel's audience (who receives its message events) is resolved once per group of members
/// holding the same roles; it must be exactly the set resolved member by member.
@Suite("Channel viewers")
struct ChannelViewersTests {
    @Test(arguments: DatabaseDialect.allCases)
    func groupedResolutionMatchesMemberByMember(dialect: DatabaseDialect) async throws {
        try await MessageTestWorld.with(dialect) { world in
            let communities = world.communities
            let (owner, server) = (world.owner, world.server)
            // Ids near 2^60, as real snowflakes are: they must come back from the grouped query exactly.
            let extra = (1...12).map { UserID(rawValue: (1 << 60) + 1_234_567_890 + Int64($0)) }
            for user in extra { _ = try await communities.join(actor: user, server: server) }
            let seers = try await communities.createRole(actor: owner, server: server, name: "seers", permissions: [])
            let blind = try await communities.createRole(actor: owner, server: server, name: "blind", permissions: [])
            for user in extra[0..<4] { try await communities.assignRole(actor: owner, server: server, user: user, role: seers.id) }
            for user in extra[2..<6] { try await communities.assignRole(actor: owner, server: server, user: user, role: blind.id) }
            func overwrite(_ channel: Snowflake, _ target: PermissionOverwrite.Target, allow: Permissions = [],
                           deny: Permissions = []) async throws {
                _ = try await communities.setOverwrite(actor: owner, channel: channel,
                                                       PermissionOverwrite(target: target, allow: allow, deny: deny))
            }
            // Private "secret plans": seers may look in, and one member on their own.
            try await overwrite(world.secret, .role(RoleID(seers.id)), allow: .viewChannel)
            try await overwrite(world.secret, .member(MemberID(extra[8])), allow: .viewChannel)
            // general: blind may not, except one of them; one member without roles may not either.
            try await overwrite(world.general, .role(RoleID(blind.id)), deny: .viewChannel)
            try await overwrite(world.general, .member(MemberID(extra[4])), allow: .viewChannel)
            try await overwrite(world.general, .member(MemberID(extra[9])), deny: .viewChannel)

            let access = CommunityMessageAccess(communities: communities, usernames: ClosureUsernameDirectory { _ in [:] })
            let snapshot = try #require(try await communities.store.snapshot(server: server))
            for channel in [world.general, world.secret, world.announcements, world.voice] {
                let viewers = try await access.viewers(channel: channel)
                #expect(viewers == snapshot.viewers[channel], "channel \(channel)")
            }
            let general = try await access.viewers(channel: world.general)
            #expect(general == Set([owner, world.alice, world.bob, extra[0], extra[1], extra[4]] + extra[6...8] + extra[10...11]))
            let secret = try await access.viewers(channel: world.secret)
            #expect(secret == Set([owner, extra[8]] + extra[0..<4]))
            #expect(try await access.viewers(channel: Snowflake(rawValue: 5)) == [])
        }
    }
}
