import BeepCommunities
import BeepPermissions
import BeepPlatformCore
import BeepStorage
import BeepStorageTestSupport
import Foundation
import Testing

/// The ``CommunityStore`` contract, run against SQLite and PostgreSQL (DESIGN rule 7).
@Suite(.serialized)
struct CommunityStoreConformanceTests {
    static let dialects = DatabaseDialect.allCases
    let ids = SnowflakeGenerator(node: 3)
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func makeServer(_ store: SQLCommunityStore, owner: UserID = TestUser.owner, name: String = "Rust lovers",
                    description: String = "All about crabs", visibility: ServerVisibility = .public,
                    limits: CommunityLimits = CommunityLimits()) async throws -> (CommunityServer, [CommunityChannel]) {
        let server = CommunityServer(id: ids.next(now: now), ownerID: owner, name: name, description: description,
                                     pictureID: nil, bannerID: Snowflake(rawValue: 77), visibility: visibility, createdAt: now)
        let everyone = CommunityRole(id: server.id, serverID: server.id, name: "@everyone", colour: 0, position: 0,
                                     permissions: .everyoneDefault)
        let folder = CommunityChannel(id: ids.next(now: now), serverID: server.id, parentID: nil, kind: .folder,
                                      name: "Talk", topic: "", position: 0, overwrites: [])
        let text = CommunityChannel(id: ids.next(now: now), serverID: server.id, parentID: folder.id, kind: .text,
                                    name: "general", topic: "hi", position: 0,
                                    overwrites: [PermissionOverwrite(target: .role(RoleID(server.id)), deny: .sendMessages)])
        try await store.createServer(server, everyone: everyone, channels: [folder, text], limits: limits)
        return (server, [folder, text])
    }

    @Test("migrations apply once and are safe to run again", arguments: dialects)
    func migrationsTwice(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { _, database in
            try await database.migrate(CommunityMigrations.set)
            #expect(try await database.appliedMigrations(service: "communities") == ["0001-communities"])
        }
    }

    @Test("a server round-trips with its @everyone role, owner membership and channels; ownership moves atomically",
          arguments: dialects)
    func serverRoundTrip(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            let (server, channels) = try await makeServer(store)
            #expect(try await store.server(server.id) == server)
            let roles = try await store.roles(server: server.id)
            #expect(roles.count == 1 && roles.first?.isEveryone == true && roles.first?.permissions == .everyoneDefault)
            let owner = try await store.member(server: server.id, user: TestUser.owner)
            #expect(owner?.joinedAt == now && owner?.roleIDs.isEmpty == true)
            let stored = try await store.channels(server: server.id).sorted { $0.id < $1.id }
            #expect(stored == channels)
            #expect(try await store.servers(of: TestUser.owner).map(\.id) == [server.id])
            _ = try await store.addMember(MembershipRequest(serverID: server.id, userID: TestUser.alice, joinedAt: now,
                                                            inviteCode: nil, maxServersPerUser: 100))
            #expect(try await !store.transferOwnership(server: server.id, from: TestUser.owner, to: TestUser.bob),
                    "not a member")
            #expect(try await !store.transferOwnership(server: server.id, from: TestUser.alice, to: TestUser.alice),
                    "not the current owner")
            #expect(try await store.transferOwnership(server: server.id, from: TestUser.owner, to: TestUser.alice))
            #expect(try await store.server(server.id)?.ownerID == TestUser.alice)
            var changed = server
            changed.ownerID = TestUser.mallory
            changed.name = "Crabs"
            changed.pictureID = Snowflake(rawValue: 5)
            changed.visibility = .private
            try await store.updateServer(changed)
            changed.ownerID = TestUser.alice
            #expect(try await store.server(server.id) == changed, "updateServer never changes the owner")
        }
    }

    @Test("caps on owned and joined servers are enforced by the store", arguments: dialects)
    func serverCaps(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            let limits = CommunityLimits(maxServersPerUser: 3, maxOwnedServersPerUser: 2)
            _ = try await makeServer(store, limits: limits)
            _ = try await makeServer(store, limits: limits)
            let third = await communityErrorCode { _ = try await makeServer(store, limits: limits) }
            #expect(third == .limitReached)
            let (other, _) = try await makeServer(store, owner: TestUser.alice)
            _ = try await store.addMember(MembershipRequest(serverID: other.id, userID: TestUser.owner, joinedAt: now,
                                                            inviteCode: nil, maxServersPerUser: 3))
            let (another, _) = try await makeServer(store, owner: TestUser.alice)
            let join = await communityErrorCode {
                _ = try await store.addMember(MembershipRequest(serverID: another.id, userID: TestUser.owner, joinedAt: now,
                                                                inviteCode: nil, maxServersPerUser: 3))
            }
            #expect(join == .limitReached)
        }
    }

    @Test("concurrent joins never exceed the per-user cap", arguments: dialects)
    func concurrentJoinsRespectCap(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            var servers: [Snowflake] = []
            for _ in 0..<8 { servers.append(try await makeServer(store, owner: TestUser.alice).0.id) }
            let successes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for server in servers {
                    group.addTask {
                        do {
                            _ = try await store.addMember(MembershipRequest(
                                serverID: server, userID: TestUser.bob, joinedAt: now, inviteCode: nil, maxServersPerUser: 3))
                            return true
                        } catch let error as CommunityError where error.code == .limitReached {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(successes == 3)
            #expect(try await store.servers(of: TestUser.bob).count == 3)
        }
    }

    @Test("concurrent joins through one invite never exceed its use limit", arguments: dialects)
    func concurrentInviteUses(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            let (server, _) = try await makeServer(store, visibility: .private)
            try await store.createInvite(CommunityInvite(code: "LimitedUse", serverID: server.id, creatorID: TestUser.owner,
                                                         createdAt: now, expiresAt: nil, maxUses: 3, uses: 0, revoked: false),
                                         maxInvites: 10)
            let joined = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        do {
                            _ = try await store.addMember(MembershipRequest(
                                serverID: server.id, userID: TestUser.id(200 + Int64(n)), joinedAt: now,
                                inviteCode: "LimitedUse", maxServersPerUser: 100))
                            return true
                        } catch let error as CommunityError where error.code == .notFound(what: "Invite") {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(joined == 3)
            #expect(try await store.invite(code: "LimitedUse")?.uses == 3)
            #expect(try await store.members(server: server.id, after: nil, limit: 20).count == 4)
        }
    }

    @Test("public search is case-insensitive, skips private servers, escapes wildcards, pages by id", arguments: dialects)
    func search(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            let (rust, _) = try await makeServer(store, name: "Rust Lovers", description: "crabs")
            let (swift, _) = try await makeServer(store, name: "Swift", description: "Talk about RUST too: 100%")
            _ = try await makeServer(store, name: "Secret rust", visibility: .private)
            #expect(try await store.searchPublicServers(query: "rUsT", after: nil, limit: 10).map(\.id) == [rust.id, swift.id])
            #expect(try await store.searchPublicServers(query: "rust", after: rust.id, limit: 10).map(\.id) == [swift.id])
            #expect(try await store.searchPublicServers(query: "rust", after: nil, limit: 1).map(\.id) == [rust.id])
            #expect(try await store.searchPublicServers(query: "100%", after: nil, limit: 10).map(\.id) == [swift.id])
            #expect(try await store.searchPublicServers(query: "%", after: nil, limit: 10).map(\.id) == [swift.id])
            #expect(try await store.searchPublicServers(query: "r_st", after: nil, limit: 10).isEmpty)
        }
    }

    @Test("joining: bans refuse, members conflict, invites count uses and stop when used up, expired or revoked",
          arguments: dialects)
    func joining(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            let (server, _) = try await makeServer(store, visibility: .private)
            func join(_ user: UserID, code: String?, at date: Date? = nil) async -> CommunityError.Code? {
                await communityErrorCode {
                    _ = try await store.addMember(MembershipRequest(serverID: server.id, userID: user, joinedAt: date ?? now,
                                                                    inviteCode: code, maxServersPerUser: 100))
                }
            }
            let invite = CommunityInvite(code: "AbCdEfGh12", serverID: server.id, creatorID: TestUser.owner, createdAt: now,
                                         expiresAt: now.addingTimeInterval(60), maxUses: 2, uses: 0, revoked: false)
            try await store.createInvite(invite, maxInvites: 10)
            #expect(await join(TestUser.alice, code: "AbCdEfGh12") == nil)
            #expect(await join(TestUser.alice, code: "AbCdEfGh12") == .conflict)
            #expect(await join(TestUser.bob, code: "AbCdEfGh12", at: now.addingTimeInterval(61)) == .notFound(what: "Invite"))
            #expect(await join(TestUser.bob, code: "AbCdEfGh12") == nil)
            #expect(try await store.invite(code: "AbCdEfGh12")?.uses == 2)
            #expect(await join(TestUser.carol, code: "AbCdEfGh12") == .notFound(what: "Invite"))
            #expect(await join(TestUser.carol, code: "NoSuchCode") == .notFound(what: "Invite"))

            let second = CommunityInvite(code: "Zz00Zz00Zz", serverID: server.id, creatorID: TestUser.owner, createdAt: now,
                                         expiresAt: nil, maxUses: nil, uses: 0, revoked: false)
            try await store.createInvite(second, maxInvites: 10)
            #expect(try await store.revokeInvite(code: "Zz00Zz00Zz"))
            #expect(await join(TestUser.carol, code: "Zz00Zz00Zz") == .notFound(what: "Invite"))
            #expect(try await store.invites(server: server.id).count == 2)

            try await store.ban(CommunityBan(serverID: server.id, userID: TestUser.dave, bannedBy: TestUser.owner,
                                             reason: "spam", createdAt: now))
            #expect(await join(TestUser.dave, code: nil) == .forbidden)
            #expect(try await store.bans(server: server.id).map(\.userID) == [TestUser.dave])
            #expect(try await store.unban(server: server.id, user: TestUser.dave))
            #expect(try await !store.unban(server: server.id, user: TestUser.dave))
            #expect(await join(TestUser.dave, code: nil) == nil)
        }
    }

    @Test("the invite cap counts unrevoked invites", arguments: dialects)
    func inviteCap(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            let (server, _) = try await makeServer(store)
            func invite(_ code: String) -> CommunityInvite {
                CommunityInvite(code: code, serverID: server.id, creatorID: TestUser.owner, createdAt: now,
                                expiresAt: nil, maxUses: nil, uses: 0, revoked: false)
            }
            try await store.createInvite(invite("aaaaaaaaaa"), maxInvites: 1)
            #expect(await communityErrorCode { try await store.createInvite(invite("bbbbbbbbbb"), maxInvites: 1) } == .limitReached)
            _ = try await store.revokeInvite(code: "aaaaaaaaaa")
            try await store.createInvite(invite("bbbbbbbbbb"), maxInvites: 1)
        }
    }

    @Test("roles: creation shifts positions, assignment, and deletion takes assignments and overwrites", arguments: dialects)
    func roles(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            let (server, channels) = try await makeServer(store)
            _ = try await store.addMember(MembershipRequest(serverID: server.id, userID: TestUser.alice, joinedAt: now,
                                                            inviteCode: nil, maxServersPerUser: 100))
            let mod = CommunityRole(id: ids.next(now: now), serverID: server.id, name: "mod", colour: 0xFF0000, position: 1,
                                    permissions: [.kickMembers, .administrator])
            let helper = CommunityRole(id: ids.next(now: now), serverID: server.id, name: "helper", colour: 0, position: 1,
                                       permissions: [.manageMessages])
            try await store.createRole(mod, maxRoles: 2)
            try await store.createRole(helper, maxRoles: 2)
            #expect(await communityErrorCode { try await store.createRole(helper, maxRoles: 2) } == .limitReached)
            #expect(try await store.roles(server: server.id).map(\.name) == ["@everyone", "helper", "mod"])
            #expect(try await store.roles(server: server.id).map(\.position) == [0, 1, 2])
            #expect(try await store.roles(server: server.id).last?.permissions == [.kickMembers, .administrator])
            try await store.setRolePositions(server: server.id, [mod.id: 1, helper.id: 2])
            #expect(try await store.roles(server: server.id).map(\.name) == ["@everyone", "mod", "helper"])
            var renamed = helper
            renamed.name = "helpers"
            renamed.colour = 0x00FF00
            renamed.permissions = [.video]
            try await store.updateRole(renamed)
            #expect(try await store.roles(server: server.id).last?.permissions == [.video])

            try await store.assignRole(server: server.id, user: TestUser.alice, role: mod.id)
            try await store.assignRole(server: server.id, user: TestUser.alice, role: mod.id)
            try await store.assignRole(server: server.id, user: TestUser.alice, role: helper.id)
            #expect(try await store.member(server: server.id, user: TestUser.alice)?.roleIDs == [mod.id, helper.id])
            #expect(try await store.unassignRole(server: server.id, user: TestUser.alice, role: helper.id))
            #expect(try await !store.unassignRole(server: server.id, user: TestUser.alice, role: helper.id))

            let text = channels[1].id
            try await store.setOverwrite(channel: text, PermissionOverwrite(target: .role(RoleID(mod.id)), allow: .sendMessages))
            try await store.deleteRole(server: server.id, role: mod.id)
            #expect(try await store.member(server: server.id, user: TestUser.alice)?.roleIDs == [])
            #expect(try await store.channel(text)?.overwrites.count == 1)
            try await store.deleteRole(server: server.id, role: server.id)
            #expect(try await store.roles(server: server.id).first?.isEveryone == true, "@everyone is never deleted")
        }
    }

    @Test("channels: overwrites upsert and delete, placements, a folder's deletion takes its channels", arguments: dialects)
    func channels(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            let (server, channels) = try await makeServer(store)
            let folder = channels[0], text = channels[1]
            let voice = CommunityChannel(id: ids.next(now: now), serverID: server.id, parentID: nil, kind: .voice,
                                         name: "Lounge", topic: "", position: 1, overwrites: [])
            try await store.createChannel(voice, maxChannels: 3)
            let extra = CommunityChannel(id: ids.next(now: now), serverID: server.id, parentID: nil, kind: .text,
                                         name: "x", topic: "", position: 2, overwrites: [])
            #expect(await communityErrorCode { try await store.createChannel(extra, maxChannels: 3) } == .limitReached)

            let member = PermissionOverwrite(target: .member(MemberID(TestUser.alice)), allow: .viewChannel, deny: .connect)
            try await store.setOverwrite(channel: voice.id, member)
            try await store.setOverwrite(channel: voice.id,
                                         PermissionOverwrite(target: .member(MemberID(TestUser.alice)), allow: .speak))
            #expect(try await store.channel(voice.id)?.overwrites == [
                PermissionOverwrite(target: .member(MemberID(TestUser.alice)), allow: .speak)])
            #expect(try await store.deleteOverwrite(channel: voice.id, target: .member(MemberID(TestUser.alice))))
            #expect(try await !store.deleteOverwrite(channel: voice.id, target: .member(MemberID(TestUser.alice))))

            try await store.setChannelPlacements(server: server.id, [
                ChannelPlacement(id: voice.id, parentID: folder.id, position: 0),
                ChannelPlacement(id: text.id, parentID: folder.id, position: 1),
            ])
            let placed = try await store.channel(voice.id)
            #expect(placed?.parentID == folder.id && placed?.position == 0)
            var renamed = text
            renamed.name = "chat"
            renamed.topic = "new topic"
            try await store.updateChannel(renamed)
            #expect(try await store.channel(text.id)?.name == "chat")

            try await store.deleteChannel(folder.id)
            #expect(try await store.channels(server: server.id).isEmpty)
        }
    }

    @Test("bans remove the membership and its roles; deleting a server removes everything in it", arguments: dialects)
    func cascades(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, database in
            let (server, _) = try await makeServer(store)
            let (kept, _) = try await makeServer(store, owner: TestUser.bob)
            _ = try await store.addMember(MembershipRequest(serverID: server.id, userID: TestUser.alice, joinedAt: now,
                                                            inviteCode: nil, maxServersPerUser: 100))
            let role = CommunityRole(id: ids.next(now: now), serverID: server.id, name: "r", colour: 0, position: 1, permissions: [])
            try await store.createRole(role, maxRoles: 5)
            try await store.assignRole(server: server.id, user: TestUser.alice, role: role.id)
            try await store.ban(CommunityBan(serverID: server.id, userID: TestUser.alice, bannedBy: TestUser.owner,
                                             reason: "", createdAt: now))
            #expect(try await store.member(server: server.id, user: TestUser.alice) == nil)
            #expect(try await store.members(server: server.id, after: nil, limit: 10).map(\.userID) == [TestUser.owner])
            try await store.createInvite(CommunityInvite(code: "cccccccccc", serverID: server.id, creatorID: TestUser.owner,
                                                         createdAt: now, expiresAt: nil, maxUses: nil, uses: 0, revoked: false),
                                         maxInvites: 5)
            try await store.deleteServer(server.id)
            #expect(try await store.server(server.id) == nil)
            for table in ["communities_members", "communities_roles", "communities_channels", "communities_invites",
                          "communities_bans", "communities_member_roles"] {
                let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE server_id = \(bind: server.id.rawValue)").first()
                #expect(try row?.decode(column: "n", as: Int64.self) == 0, "\(table)")
            }
            let overwrites = try await database.sql.raw("SELECT COUNT(*) AS n FROM communities_overwrites").first()
            #expect(try overwrites?.decode(column: "n", as: Int64.self) == 1, "only the kept server's overwrite remains")
            #expect(try await store.server(kept.id) != nil)
        }
    }

    @Test("members page by user id with their roles", arguments: dialects)
    func memberPages(dialect: DatabaseDialect) async throws {
        try await withStore(dialect) { store, _ in
            let (server, _) = try await makeServer(store)
            for user in [TestUser.alice, TestUser.bob, TestUser.carol] {
                _ = try await store.addMember(MembershipRequest(serverID: server.id, userID: user, joinedAt: now,
                                                                inviteCode: nil, maxServersPerUser: 100))
            }
            let role = CommunityRole(id: ids.next(now: now), serverID: server.id, name: "r", colour: 0, position: 1, permissions: [])
            try await store.createRole(role, maxRoles: 5)
            try await store.assignRole(server: server.id, user: TestUser.bob, role: role.id)
            let first = try await store.members(server: server.id, after: nil, limit: 2)
            #expect(first.map(\.userID) == [TestUser.owner, TestUser.alice])
            let second = try await store.members(server: server.id, after: TestUser.alice, limit: 2)
            #expect(second.map(\.userID) == [TestUser.bob, TestUser.carol])
            #expect(second.first?.roleIDs == [role.id])
            #expect(try await store.removeMember(server: server.id, user: TestUser.carol))
            #expect(try await !store.removeMember(server: server.id, user: TestUser.carol))
        }
    }
}
