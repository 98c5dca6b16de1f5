import BeepCalls
import Foundation
import Testing

/// Server frames as docs/signalling.md ("Server → client") describes them.
@Suite("Signalling protocol v1: server messages (docs/signalling.md)")
struct ServerMessageEncodingTests {
    static let alice = ParticipantID(rawValue: "p1")
    static let track = TrackInfo(kind: .video, trackId: "cam-1", mid: "1", muted: false)
    static let presence = Presence(room: "general", members: [PresenceMember(identity: "alice", name: "Alice", inCall: true)])

    static let cases: [(ServerEnvelope, String)] = [
        (ServerEnvelope(inReplyTo: "1", message: .joined(JoinedInfo(
            participantId: alice, room: "general", identity: "alice", name: "Alice", media: true,
            permissions: [.publishAudio, .subscribe], participants: [], presence: presence))),
         #"{"identity":"alice","inReplyTo":"1","media":true,"name":"Alice","participantId":"p1","participants":[],"permissions":["publishAudio","subscribe"],"presence":{"members":[{"identity":"alice","inCall":true,"name":"Alice"}],"room":"general"},"room":"general","type":"joined","v":2}"#),
        (ServerEnvelope(inReplyTo: "1", message: .joined(JoinedInfo(
            participantId: alice, room: "general", identity: "alice", name: "Alice", media: true,
            permissions: [.subscribe], participants: [], presence: presence,
            iceServers: [ICEServer(urls: ["turn:192.0.2.1:3478?transport=udp"], username: "1800086400:alice",
                                   credential: "c2VjcmV0")]))),
         #"{"iceServers":[{"credential":"c2VjcmV0","urls":["turn:192.0.2.1:3478?transport=udp"],"username":"1800086400:alice"}],"identity":"alice","inReplyTo":"1","media":true,"name":"Alice","participantId":"p1","participants":[],"permissions":["subscribe"],"presence":{"members":[{"identity":"alice","inCall":true,"name":"Alice"}],"room":"general"},"room":"general","type":"joined","v":2}"#),
        (ServerEnvelope(message: .offer(sdp: "v=0\r\n")), #"{"sdp":"v=0\r\n","type":"offer","v":2}"#),
        (ServerEnvelope(inReplyTo: "2", message: .answer(sdp: "v=0\r\n")),
         #"{"inReplyTo":"2","sdp":"v=0\r\n","type":"answer","v":2}"#),
        (ServerEnvelope(message: .candidate(ICECandidateLine(candidate: "candidate:1 1 udp 1 192.0.2.1 8801 typ host", sdpMid: "0"))),
         #"{"candidate":"candidate:1 1 udp 1 192.0.2.1 8801 typ host","sdpMid":"0","type":"candidate","v":2}"#),
        (ServerEnvelope(message: .participantJoined(ParticipantInfo(participantId: alice, identity: "alice", name: "Alice", tracks: [track]))),
         #"{"participant":{"identity":"alice","name":"Alice","participantId":"p1","tracks":[{"kind":"video","mid":"1","muted":false,"trackId":"cam-1"}]},"type":"participantJoined","v":2}"#),
        (ServerEnvelope(message: .participantLeft(participantId: alice)),
         #"{"participantId":"p1","type":"participantLeft","v":2}"#),
        (ServerEnvelope(message: .trackPublished(participantId: alice, track: track)),
         #"{"kind":"video","mid":"1","muted":false,"participantId":"p1","trackId":"cam-1","type":"trackPublished","v":2}"#),
        (ServerEnvelope(message: .trackUnpublished(participantId: alice, kind: .screen, trackId: "s")),
         #"{"kind":"screen","participantId":"p1","trackId":"s","type":"trackUnpublished","v":2}"#),
        (ServerEnvelope(inReplyTo: "7", message: .muteChanged(participantId: alice, kind: .audio, muted: true)),
         #"{"inReplyTo":"7","kind":"audio","muted":true,"participantId":"p1","type":"muteChanged","v":2}"#),
        (ServerEnvelope(message: .activeSpeaker(participantId: alice)),
         #"{"participantId":"p1","type":"activeSpeaker","v":2}"#),
        (ServerEnvelope(message: .activeSpeaker(participantId: nil)),
         #"{"participantId":null,"type":"activeSpeaker","v":2}"#),
        (ServerEnvelope(message: .presence(presence)),
         #"{"members":[{"identity":"alice","inCall":true,"name":"Alice"}],"room":"general","type":"presence","v":2}"#),
        (ServerEnvelope.error(SignallingError(.forbiddenKind, "no screen"), inReplyTo: "4"),
         #"{"code":"forbidden_kind","inReplyTo":"4","message":"no screen","type":"error","v":2}"#),
        (ServerEnvelope(inReplyTo: "5", message: .pong), #"{"inReplyTo":"5","type":"pong","v":2}"#),
        (ServerEnvelope(inReplyTo: "6", message: .joined(JoinedInfo(
            participantId: alice, room: "general", identity: "alice", name: "Alice", media: true,
            permissions: [.subscribe], participants: [], presence: presence, resumeSecret: "s3cret", resumed: true))),
         #"{"identity":"alice","inReplyTo":"6","media":true,"name":"Alice","participantId":"p1","participants":[],"permissions":["subscribe"],"presence":{"members":[{"identity":"alice","inCall":true,"name":"Alice"}],"room":"general"},"resumeSecret":"s3cret","resumed":true,"room":"general","type":"joined","v":2}"#),
        (ServerEnvelope(message: .participantConnection(participantId: alice, state: .reconnecting)),
         #"{"participantId":"p1","state":"reconnecting","type":"participantConnection","v":2}"#),
        (ServerEnvelope(message: .connectionQuality(participantId: alice, quality: .fair)),
         #"{"participantId":"p1","quality":"fair","type":"connectionQuality","v":2}"#),
        (ServerEnvelope(message: .removed(reason: .mediaTimeout)),
         #"{"reason":"media_timeout","type":"removed","v":2}"#),
    ]

    @Test("every server message type encodes to the documented flat JSON", arguments: cases)
    func encodes(envelope: ServerEnvelope, json: String) throws {
        let produced = try JSONSerialization.jsonObject(with: Data(envelope.jsonFrame())) as? NSDictionary
        let expected = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary
        #expect(produced != nil)
        #expect(produced == expected)
    }

    @Test("the cases cover every server message type")
    func coverage() {
        let types = Set(Self.cases.map(\.0.message.type))
        #expect(types == ["joined", "offer", "answer", "candidate", "participantJoined", "participantLeft",
                          "trackPublished", "trackUnpublished", "muteChanged", "activeSpeaker", "presence",
                          "error", "pong", "participantConnection", "connectionQuality", "removed"])
    }

    @Test("every error code's wire string is documented in docs/signalling.md", arguments: SignallingErrorCode.allCases)
    func errorCodesDocumented(code: SignallingErrorCode) throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/signalling.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        #expect(text.contains("| `\(code.rawValue)` |"))
    }
}
