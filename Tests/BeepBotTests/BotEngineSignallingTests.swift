@testable import BeepBot
import BeepCalls
import BeepDTLS
import BeepNegotiation
import BeepSDP
import BeepSTUN
import NIOConcurrencyHelpers
import NIOEmbedded
import Testing

/// The bot's signalling against scripted server messages (docs/signalling.md "Typical
/// sequence"), with SFU descriptions written by Beep's own `LocalDescriptionBuilder`: no
/// sockets, the peer session is created but never sends.
@Suite struct BotEngineSignallingTests {
    final class Collected: Sendable {
        let messages = NIOLockedValueBox<[ClientEnvelope]>([])
        var all: [ClientEnvelope] { messages.withLockedValue { $0 } }
        func take() -> [ClientEnvelope] { messages.withLockedValue { value in defer { value = [] }; return value } }
    }

    static let sfuAddress = STUNAddress.ipv4(127, 0, 0, 1, port: 8801)

    static func engine(collected: Collected) throws -> BotEngine {
        let options = BotOptions(signallingURL: "ws://127.0.0.1:1/call/ws", token: "tok", room: "r", toneHz: 550)
        let sink = SignallingSink(send: { envelope in collected.messages.withLockedValue { $0.append(envelope) } },
                                  finish: {})
        return try BotEngine(options: options, loop: EmbeddedEventLoop(),
                             localAddress: .ipv4(127, 0, 0, 1, port: 40000), outgoing: sink)
    }

    static func sfuTransport(setup: SetupRole) throws -> LocalTransport {
        LocalTransport(iceUfrag: "sfuU", icePassword: "sfu-password-0123456789",
                       fingerprint: try DTLSCertificate(commonName: "sfu").fingerprint, setup: setup,
                       candidates: [sfuAddress])
    }

    static func line(_ mid: String, _ kind: MediaKind, _ direction: MediaDirection, sending: SendingStream? = nil) -> LocalSection {
        let codec = kind == .audio ? Codec(payloadType: 111, name: "opus", clockRate: 48_000, channels: 2)
            : Codec(payloadType: 96, name: "VP8", clockRate: 90_000)
        return .accepted(LocalMediaLine(mid: mid, kind: kind, direction: direction, codec: codec, headerExtensions: [],
                                        sending: sending))
    }

    @Test func joinPublishOfferAnswerAndSubscribe() throws {
        let collected = Collected()
        let engine = try Self.engine(collected: collected)
        engine.join()
        guard case .join(let token, let room, true)? = collected.all.first?.message else {
            Issue.record("expected join, got \(collected.all)")
            return
        }
        #expect(token == "tok" && room == "r")
        let joinID = try #require(collected.take().first?.id)

        // joined → publish audio (mid 0) and video (mid 1), then the offer.
        let alice = ParticipantInfo(participantId: ParticipantID(rawValue: "p1"), identity: "alice", name: "Alice",
                                    tracks: [TrackInfo(kind: .video, trackId: "pattern-a", mid: "1", muted: true)])
        engine.handleServer(ServerEnvelope(inReplyTo: joinID, message: .joined(JoinedInfo(
            participantId: ParticipantID(rawValue: "p2"), room: "r", identity: "bot", name: "Bot", media: true,
            permissions: [.publishAudio, .publishVideo, .subscribe], participants: [alice],
            presence: Presence(room: "r", members: [])))))
        #expect(engine.phase == .joined)
        let sent = collected.take()
        #expect(sent.count == 3)
        guard sent.count == 3, case .publish(.audio, let audioTrack, "0") = sent[0].message,
              case .publish(.video, _, "1") = sent[1].message, case .offer(let offerSDP) = sent[2].message else {
            Issue.record("expected publish, publish, offer: \(sent)")
            return
        }
        #expect(audioTrack.hasPrefix("tone-550hz-"))
        let offer = try SessionDescription.parse(offerSDP)
        #expect(offer.media.map(\.direction) == [.sendonly, .sendonly])

        // The SFU's answer (ICE-lite, passive) starts the peer session.
        let answer = LocalDescriptionBuilder.build(
            sections: [Self.line("0", .audio, .recvonly), Self.line("1", .video, .recvonly)],
            transport: try Self.sfuTransport(setup: .passive), sessionID: 1, version: 2)
        engine.handleServer(ServerEnvelope(inReplyTo: sent[2].id, message: .answer(sdp: answer.serialized())))
        #expect(engine.peer != nil)
        #expect(engine.peer?.ice.remoteCandidates.map(\.address) == [Self.sfuAddress])

        // A server offer adds Alice's camera: answered recvonly, a receiver per SSRC, muted.
        let camera = SendingStream(ssrc: 777, streamID: "p1", trackID: "pattern-a", cname: "beep-p1")
        let serverOffer = LocalDescriptionBuilder.build(
            sections: [Self.line("0", .audio, .recvonly), Self.line("1", .video, .recvonly),
                       Self.line("b0", .video, .sendonly, sending: camera)],
            transport: try Self.sfuTransport(setup: .actpass), sessionID: 1, version: 3)
        engine.handleServer(ServerEnvelope(message: .offer(sdp: serverOffer.serialized())))
        guard case .answer(let answerSDP)? = collected.take().first?.message else {
            Issue.record("expected an answer")
            return
        }
        let botAnswer = try SessionDescription.parse(answerSDP)
        #expect(botAnswer.media.map(\.direction) == [.sendonly, .sendonly, .recvonly])
        #expect(botAnswer.media.allSatisfy { $0.setup == .active })
        let receiver = try #require(engine.receivers[777])
        #expect(receiver.track.participantID == "p1" && receiver.track.trackID == "pattern-a")
        #expect(receiver.name == "Alice" && receiver.identity == "alice")

        // Alice leaves: her track ends; the report lists it.
        engine.handleServer(ServerEnvelope(message: .participantLeft(participantId: ParticipantID(rawValue: "p1"))))
        #expect(receiver.isActive == false)
        let report = engine.report(error: nil)
        #expect(report.participantsSeen == ["p1": "Alice"])
        #expect(report.remoteTracks.map(\.trackId) == ["pattern-a"])
        #expect(report.failures.contains { $0.contains("0 frames decoded") }, "nothing was received")
        #expect(report.exitCode == BotError.Code.mediaCriteriaMissed.exitCode)
    }

    @Test(arguments: [(SignallingErrorCode.unauthorized, BotError.Code.tokenRefused),
                      (.tokenExpired, .tokenRefused), (.wrongRoom, .tokenRefused), (.internal, .callFailed)])
    func refusedJoin(code: SignallingErrorCode, expected: BotError.Code) throws {
        let collected = Collected()
        let engine = try Self.engine(collected: collected)
        engine.join()
        let joinID = collected.take().first?.id
        engine.handleServer(ServerEnvelope(inReplyTo: joinID, message: .error(code: code, message: "no")))
        guard case .failed(let error) = engine.phase else {
            Issue.record("phase \(engine.phase)")
            return
        }
        #expect(error.code == expected)
        #expect(engine.report(error: nil).exitCode == expected.exitCode)
    }

    @Test func anErrorForAnotherRequestDoesNotEndTheCall() throws {
        let collected = Collected()
        let engine = try Self.engine(collected: collected)
        engine.join()
        engine.handleServer(ServerEnvelope(inReplyTo: "999", message: .error(code: .notPublished, message: "x")))
        #expect(engine.phase == .joining)
        #expect(engine.signallingErrors == ["not_published: x"])
    }
}
