import BeepCalls
import BeepCommunities
import BeepCommunitiesAPI
import BeepEvents
import BeepPermissions
import BeepPlatformCore
import BeepStorage
import Foundation
import Testing

/// Voice-room participants and presence as events (docs/events.md, "Voice rooms" and
/// "Presence"): who is in a call, kept from the call hub's commands, and who hears of it.
@Suite struct LiveStateEventTests {
    static let owner = TestUser.owner, alice = TestUser.alice, bob = TestUser.bob, carol = TestUser.carol

    @Test("the roster follows joins and leaves of voice-channel rooms and ignores other rooms")
    func roster() {
        let roster = VoiceRoster()
        let channel = Snowflake(rawValue: 900)
        let join = { (participant: String, user: UserID) in
            roster.apply(.participantJoined(room: "voice-900", participant: ParticipantID(rawValue: participant),
                                            identity: user.description, permissions: [.subscribe]))
        }
        #expect(join("p2", Self.alice)?.participants.map(\.userId) == [Self.alice])
        let both = join("p1", Self.bob)
        #expect(both?.channelID == channel)
        #expect(both?.participants == [VoiceParticipantJSON(participantId: "p1", userId: Self.bob),
                                       VoiceParticipantJSON(participantId: "p2", userId: Self.alice)])
        #expect(roster.apply(.participantJoined(room: "lobby", participant: ParticipantID(rawValue: "p9"), identity: "x",
                                                permissions: [])) == nil)
        #expect(roster.apply(.participantJoined(room: "voice-900", participant: ParticipantID(rawValue: "p8"),
                                                identity: "not-a-user", permissions: [])) == nil)
        #expect(roster.apply(.mute(ParticipantID(rawValue: "p1"), kind: .audio, muted: true)) == nil)
        let left = roster.apply(.participantLeft(room: "voice-900", participant: ParticipantID(rawValue: "p1")))
        #expect(left?.participants.map(\.userId) == [Self.alice])
        #expect(roster.apply(.participantLeft(room: "voice-900", participant: ParticipantID(rawValue: "p1"))) == nil)
        #expect(roster.participants(channel: channel).map(\.participantId) == ["p2"])
        _ = roster.apply(.participantLeft(room: "voice-900", participant: ParticipantID(rawValue: "p2")))
        #expect(roster.participants(channel: channel).isEmpty)
    }

    @Test("voice.participants reaches the members who can see the voice channel, nobody else",
          arguments: DatabaseDialect.allCases)
    func voiceAudience(dialect: DatabaseDialect) async throws {
        try await withService(dialect) { service, _ in
            let server = try await service.createServer(actor: Self.owner, name: "Beepers", visibility: .public)
            for user in [Self.alice, Self.bob] { _ = try await service.join(actor: user, server: server.id) }
            let hidden = try await service.createChannel(actor: Self.owner, server: server.id, kind: .voice, name: "staff",
                                                         isPrivate: true)
            _ = try await service.setOverwrite(actor: Self.owner, channel: hidden.id,
                                               PermissionOverwrite(target: .member(MemberID(Self.alice)), allow: .viewChannel))
            let change = VoiceParticipantsChange(channelID: hidden.id,
                                                 participants: [VoiceParticipantJSON(participantId: "p1", userId: Self.alice)])
            let event = try #require(try await service.voiceParticipantsEvent(change))
            #expect(event.audience == [Self.owner, Self.alice])
            #expect(event.event.type == "voice.participants")
            #expect(event.event.dataJSON
                == #"{"channelId":"\#(hidden.id)","participants":[{"participantId":"p1","userId":"\#(Self.alice)"}],"serverId":"\#(server.id)"}"#)
            let gone = VoiceParticipantsChange(channelID: Snowflake(rawValue: 4242), participants: [])
            #expect(try await service.voiceParticipantsEvent(gone) == nil)
        }
    }

    @Test("presence.updated reaches everyone sharing a server with the user, and the user", arguments: DatabaseDialect.allCases)
    func presenceAudience(dialect: DatabaseDialect) async throws {
        try await withService(dialect) { service, _ in
            let first = try await service.createServer(actor: Self.owner, name: "One", visibility: .public)
            let second = try await service.createServer(actor: Self.bob, name: "Two", visibility: .public)
            _ = try await service.createServer(actor: Self.carol, name: "Three", visibility: .public)
            _ = try await service.join(actor: Self.alice, server: first.id)
            _ = try await service.join(actor: Self.alice, server: second.id)
            let event = try await service.presenceEvent(user: Self.alice, status: .idle)
            #expect(event.audience == [Self.owner, Self.bob, Self.alice])  // carol shares nothing with alice
            #expect(event.event.type == "presence.updated")
            #expect(event.event.dataJSON == #"{"status":"idle","userId":"\#(Self.alice)"}"#)
            #expect(try await service.presenceEvent(user: Self.carol, status: .offline).audience == [Self.carol])
        }
    }

    @Test("GET /channels/{id}/voice-participants lists the call to those who see the channel")
    func participantsRoute() async throws {
        let roster = VoiceRoster()
        try await withAPI(voiceRoster: roster) { api in
            let server = try await api.createServer(Self.owner)
            #expect(try await api.send(.post, "servers/\(server)/join", as: Self.alice).status == .ok)
            let channels = try await api.send(.get, "servers/\(server)/channels", as: Self.alice).json(ListJSON<ChannelJSON>.self)
            let voice = try #require(channels.items.first { $0.kind == .voice })
            let text = try #require(channels.items.first { $0.kind == .text })
            _ = roster.apply(.participantJoined(room: "voice-\(voice.id)", participant: ParticipantID(rawValue: "p1"),
                                               identity: Self.owner.description, permissions: [.subscribe]))
            let reply = try await api.send(.get, "channels/\(voice.id)/voice-participants", as: Self.alice)
            #expect(reply.status == .ok, "\(reply.text)")
            let listed = try reply.json(VoiceParticipantsJSON.self)
            #expect(listed.participants == [VoiceParticipantJSON(participantId: "p1", userId: Self.owner)])
            #expect(try await api.send(.get, "channels/\(text.id)/voice-participants", as: Self.alice).status == .notFound)
            #expect(try await api.send(.get, "channels/\(voice.id)/voice-participants", as: Self.carol).status == .notFound)
        }
    }
}
