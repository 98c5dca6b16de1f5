import BeepCommunities
import BeepCommunitiesAPI
import BeepPlatformCore
import BeepStorage
import Foundation
import Testing

/// `/api/v1/servers/{id}/channels` and `/api/v1/channels/...`: folders, order, private channels,
/// overwrites, effective permissions and voice access.
@Suite(.serialized)
struct ChannelAPITests {
    static let owner = TestUser.owner, alice = TestUser.alice, bob = TestUser.bob, mallory = TestUser.mallory

    func create(_ api: APIHarness, _ server: String, _ json: String, as user: UserID = TestUser.owner) async throws -> ChannelJSON {
        let reply = try await api.send(.post, "servers/\(server)/channels", as: user, json: json)
        #expect(reply.status == .created, "\(reply.text)")
        return try reply.json(ChannelJSON.self)
    }

    @Test("create, order, rename, move, delete; folders one level deep; MANAGE_CHANNELS", arguments: DatabaseDialect.allCases)
    func lifecycle(dialect: DatabaseDialect) async throws {
        try await withAPI(dialect) { api in
            let server = try await api.createServer(Self.owner)
            #expect(try await api.send(.post, "servers/\(server)/join", as: Self.alice).status == .ok)
            let folder = try await create(api, server, #"{"name":"Games","kind":"folder"}"#)
            let text = try await create(api, server, #"{"name":"chess","kind":"text","parentId":"\#(folder.id)","topic":"e4"}"#)
            let voice = try await create(api, server, #"{"name":"Lobby","kind":"voice","parentId":"\#(folder.id)"}"#)
            #expect(text.position == 0 && voice.position == 1 && folder.position == 2)
            let nested = try await api.send(.post, "servers/\(server)/channels", as: Self.owner,
                                            json: #"{"name":"x","kind":"folder","parentId":"\#(folder.id)"}"#)
            #expect(nested.status == .badRequest && nested.error?.field == "parentId")
            let intoText = try await api.send(.post, "servers/\(server)/channels", as: Self.owner,
                                              json: #"{"name":"x","kind":"text","parentId":"\#(text.id)"}"#)
            #expect(intoText.status == .badRequest && intoText.error?.field == "parentId")
            let badKind = try await api.send(.post, "servers/\(server)/channels", as: Self.owner, json: #"{"name":"x","kind":"video"}"#)
            #expect(badKind.status == .badRequest && badKind.error?.field == "kind")
            #expect(try await api.send(.post, "servers/\(server)/channels", as: Self.alice,
                                       json: #"{"name":"x","kind":"text"}"#).status == .forbidden)
            #expect(try await api.send(.post, "servers/\(server)/channels", as: Self.mallory,
                                       json: #"{"name":"x","kind":"text"}"#).status == .forbidden)

            let listed = try await api.send(.get, "servers/\(server)/channels", as: Self.alice).json(ListJSON<ChannelJSON>.self)
            #expect(listed.items.map(\.name) == ["general", "General", "Games", "chess", "Lobby"])

            #expect(try await api.send(.patch, "channels/\(text.id)", as: Self.alice, json: #"{"name":"go"}"#).status == .forbidden)
            let renamed = try await api.send(.patch, "channels/\(text.id)", as: Self.owner, json: #"{"name":"go","topic":""}"#)
            #expect(try renamed.json(ChannelJSON.self).name == "go")
            let badName = try await api.send(.patch, "channels/\(text.id)", as: Self.owner, json: #"{"name":""}"#)
            #expect(badName.status == .badRequest && badName.error?.field == "name")
            let moved = try await api.send(.patch, "channels/\(voice.id)", as: Self.owner, json: #"{"position":0}"#)
            #expect(try moved.json(ChannelJSON.self).position == 0)
            let out = try await api.send(.patch, "channels/\(text.id)", as: Self.owner, json: #"{"parentId":null,"position":0}"#)
            let outJSON = try out.json(ChannelJSON.self)
            #expect(outJSON.parentId == nil && outJSON.position == 0)
            let order = try await api.send(.get, "servers/\(server)/channels", as: Self.owner).json(ListJSON<ChannelJSON>.self)
            #expect(order.items.map(\.name) == ["go", "general", "General", "Games", "Lobby"])
            #expect(order.items.map(\.position) == [0, 1, 2, 3, 0])
            let folderIntoFolder = try await api.send(.patch, "channels/\(folder.id)", as: Self.owner,
                                                      json: #"{"parentId":"\#(folder.id)","position":0}"#)
            #expect(folderIntoFolder.status == .badRequest && folderIntoFolder.error?.field == "parentId")

            #expect(try await api.send(.delete, "channels/\(folder.id)", as: Self.alice).status == .forbidden)
            #expect(try await api.send(.delete, "channels/\(folder.id)", as: Self.owner).status == .noContent)
            #expect(try await api.send(.get, "channels/\(voice.id)", as: Self.owner).status == .notFound,
                    "a folder's channels go with it")
            #expect(try await api.send(.delete, "channels/\(folder.id)", as: Self.owner).status == .notFound)
            let remaining = try await api.send(.get, "servers/\(server)/channels", as: Self.owner).json(ListJSON<ChannelJSON>.self)
            #expect(remaining.items.map(\.position) == [0, 1, 2])
        }
    }

    @Test("private channels: hidden (404, not listed) from members the overwrites do not admit")
    func privateChannels() async throws {
        try await withAPI { api in
            let server = try await api.createServer(Self.owner)
            for user in [Self.alice, Self.bob] {
                #expect(try await api.send(.post, "servers/\(server)/join", as: user).status == .ok)
            }
            let staff = try await create(api, server, #"{"name":"staff","kind":"text","private":true}"#)
            #expect(try await api.send(.get, "channels/\(staff.id)", as: Self.alice).status == .notFound)
            #expect(try await api.send(.get, "channels/\(staff.id)", as: Self.mallory).status == .notFound)
            #expect(try await api.send(.patch, "channels/\(staff.id)", as: Self.alice, json: #"{"name":"x"}"#).status == .notFound)
            let aliceList = try await api.send(.get, "servers/\(server)/channels", as: Self.alice).json(ListJSON<ChannelJSON>.self)
            #expect(!aliceList.items.contains { $0.id == staff.id })
            #expect(try await api.send(.get, "channels/\(staff.id)", as: Self.owner).status == .ok)

            // Admit a role: its holders see the channel.
            let role = try await api.giveRole(Self.alice, in: server, owner: Self.owner, permissions: [], name: "staff")
            let put = try await api.send(.put, "channels/\(staff.id)/overwrites/role/\(role)", as: Self.owner,
                                         json: #"{"allow":["view_channel"],"deny":["mention_everyone"]}"#)
            #expect(try put.status == .ok && (put.json(ChannelJSON.self)).overwrites.count == 3)
            #expect(try await api.send(.get, "channels/\(staff.id)", as: Self.alice).status == .ok)
            #expect(try await api.send(.get, "channels/\(staff.id)", as: Self.bob).status == .notFound)
            let held = try await api.send(.get, "channels/\(staff.id)/permissions", as: Self.alice).json(PermissionsJSON.self)
            #expect(held.permissions.contains("view_channel") && !held.permissions.contains("mention_everyone"))
            #expect(try await api.send(.get, "channels/\(staff.id)/permissions", as: Self.bob).status == .notFound)

            // Overwrites need MANAGE_CHANNELS + MANAGE_ROLES in the channel, valid targets and names.
            #expect(try await api.send(.put, "channels/\(staff.id)/overwrites/member/\(Self.bob)", as: Self.alice,
                                       json: #"{"allow":["view_channel"]}"#).status == .forbidden)
            let unknownRole = try await api.send(.put, "channels/\(staff.id)/overwrites/role/12345", as: Self.owner,
                                                 json: #"{"allow":["view_channel"]}"#)
            #expect(unknownRole.status == .badRequest && unknownRole.error?.field == "targetId")
            let stranger = try await api.send(.put, "channels/\(staff.id)/overwrites/member/\(Self.mallory)", as: Self.owner,
                                              json: #"{"allow":["view_channel"]}"#)
            #expect(stranger.status == .badRequest && stranger.error?.field == "targetId")
            let badName = try await api.send(.put, "channels/\(staff.id)/overwrites/member/\(Self.bob)", as: Self.owner,
                                             json: #"{"deny":["view_channel","teleport"]}"#)
            #expect(badName.status == .badRequest && badName.error?.field == "deny.1")
            #expect(try await api.send(.put, "channels/\(staff.id)/overwrites/user/\(Self.bob)", as: Self.owner,
                                       json: #"{}"#).status == .notFound)
            #expect(try await api.send(.put, "channels/\(staff.id)/overwrites/member/\(Self.bob)", as: Self.owner,
                                       json: #"{"allow":["view_channel"]}"#).status == .ok)
            #expect(try await api.send(.get, "channels/\(staff.id)", as: Self.bob).status == .ok)
            #expect(try await api.send(.delete, "channels/\(staff.id)/overwrites/member/\(Self.bob)", as: Self.owner)
                .status == .noContent)
            #expect(try await api.send(.delete, "channels/\(staff.id)/overwrites/member/\(Self.bob)", as: Self.owner)
                .status == .notFound)
            #expect(try await api.send(.get, "channels/\(staff.id)", as: Self.bob).status == .notFound)
            #expect(try await api.send(.delete, "channels/\(staff.id)/overwrites/role/\(role)", as: Self.alice)
                .status == .forbidden)
        }
    }

    @Test("voice access: members with CONNECT get the call room; 403 without CONNECT; 404 for text or hidden channels")
    func voiceAccess() async throws {
        try await withAPI { api in
            let server = try await api.createServer(Self.owner, visibility: "private")
            try await api.addMember(Self.alice, to: server, owner: Self.owner)
            try await api.addMember(Self.bob, to: server, owner: Self.owner)
            let channels = try await api.send(.get, "servers/\(server)/channels", as: Self.alice).json(ListJSON<ChannelJSON>.self)
            let voice = try #require(channels.items.first { $0.kind == .voice })
            let text = try #require(channels.items.first { $0.kind == .text })
            let access = try await api.send(.get, "channels/\(voice.id)/voice-access", as: Self.alice)
            #expect(access.status == .ok)
            let json = try access.json(VoiceAccessJSON.self)
            #expect(json.room == "voice-\(voice.id)" && json.permissions.contains("connect") && json.permissions.contains("speak"))
            #expect(try await api.send(.put, "channels/\(voice.id)/overwrites/member/\(Self.bob)", as: Self.owner,
                                       json: #"{"deny":["connect"]}"#).status == .ok)
            #expect(try await api.send(.get, "channels/\(voice.id)/voice-access", as: Self.bob).status == .forbidden)
            let bobHeld = try await api.send(.get, "channels/\(voice.id)/permissions", as: Self.bob).json(PermissionsJSON.self)
            #expect(!bobHeld.permissions.contains("speak"), "no CONNECT: no SPEAK either")
            #expect(try await api.send(.get, "channels/\(text.id)/voice-access", as: Self.alice).status == .notFound)
            #expect(try await api.send(.get, "channels/\(voice.id)/voice-access", as: Self.mallory).status == .notFound)
        }
    }
}
