import BeepCalls
import BeepCommunities
import BeepCommunitiesAPI
import BeepPermissions
import BeepPlatformCore
import Crypto
import Foundation
import Hummingbird
import Testing

/// `POST /api/v1/channels/{id}/voice-token`: call join tokens only for members with CONNECT,
/// carrying exactly the publishing rights their channel permissions give.
struct VoiceTokenAPITests {
    static let owner = TestUser.owner, alice = TestUser.alice, bob = TestUser.bob, mallory = TestUser.mallory

    @Test("channel permissions map to call permissions")
    func mapping() {
        #expect(VoiceTokenMinter.callPermissions([.speak, .video]).isEmpty, "no CONNECT, no call")
        #expect(VoiceTokenMinter.callPermissions([.connect]) == [.subscribe])
        #expect(VoiceTokenMinter.callPermissions([.connect, .speak, .video, .stream])
            == [.subscribe, .publishAudio, .publishVideo, .publishScreen])
    }

    @Test("a member with CONNECT gets a verifiable token for the channel's room; others 403/404")
    func voiceToken() async throws {
        let key = Curve25519.Signing.PrivateKey()
        let minter = VoiceTokenMinter(issuer: JoinTokenIssuer(privateKey: key), lifetime: 600,
                                      displayName: { $0 == TestUser.alice ? "Alice" : nil })
        try await withAPI(voiceTokens: minter) { api in
            let server = try await api.createServer(Self.owner, visibility: "private")
            try await api.addMember(Self.alice, to: server, owner: Self.owner)
            try await api.addMember(Self.bob, to: server, owner: Self.owner)
            let channels = try await api.send(.get, "servers/\(server)/channels", as: Self.alice).json(ListJSON<ChannelJSON>.self)
            let voice = try #require(channels.items.first { $0.kind == .voice })
            let text = try #require(channels.items.first { $0.kind == .text })
            #expect(try await api.send(.put, "channels/\(voice.id)/overwrites/member/\(Self.alice)", as: Self.owner,
                                       json: #"{"deny":["stream"]}"#).status == .ok)

            let reply = try await api.send(.post, "channels/\(voice.id)/voice-token", as: Self.alice)
            #expect(reply.status == .ok, "\(reply.text)")
            let minted = try reply.json(VoiceTokenJSON.self)
            #expect(minted.room == "voice-\(voice.id)")
            let grant = try JoinTokenIssuer(privateKey: key).verifier.verify(minted.token, room: minted.room, now: Date())
            #expect(grant.identity == Self.alice.description && grant.name == "Alice")
            #expect(grant.permissions == [.subscribe, .publishAudio, .publishVideo], "STREAM denied: no screen share")

            #expect(try await api.send(.put, "channels/\(voice.id)/overwrites/member/\(Self.bob)", as: Self.owner,
                                       json: #"{"deny":["connect"]}"#).status == .ok)
            #expect(try await api.send(.post, "channels/\(voice.id)/voice-token", as: Self.bob).status == .forbidden)
            #expect(try await api.send(.post, "channels/\(text.id)/voice-token", as: Self.alice).status == .notFound)
            #expect(try await api.send(.post, "channels/\(voice.id)/voice-token", as: Self.mallory).status == .notFound)
            #expect(try await api.send(.post, "channels/\(voice.id)/voice-token", as: nil).status == .unauthorized)
        }
    }
}
