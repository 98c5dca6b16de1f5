import BeepCalls
import BeepSFUControl
import BeepSFUControlProto
import Testing

/// Every `MediaCommand` and every SFU event survives a trip through its protobuf message and
/// its binary encoding.
@Suite struct ConversionTests {
    static let alice = ParticipantID(rawValue: "p-alice")
    static let candidate = ICECandidateLine(candidate: "candidate:1 1 udp 2130706431 127.0.0.1 8801 typ host",
                                            sdpMid: "0", sdpMLineIndex: 0)

    static let commands: [MediaCommand] = [
        .participantJoined(room: "r1", participant: alice, identity: "alice",
                           permissions: Set(CallPermission.allCases)),
        .participantJoined(room: "r1", participant: alice, identity: "watcher", permissions: []),
        .participantLeft(room: "r1", participant: alice),
        .offer(alice, sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"),
        .answer(alice, sdp: "v=0\r\n"),
        .candidate(alice, candidate),
        .candidate(alice, ICECandidateLine(candidate: "candidate:2 1 udp 1 127.0.0.1 9 typ host")),
        .endOfCandidates(alice),
        .publish(alice, TrackInfo(kind: .audio, trackId: "a1", mid: "0", muted: false)),
        .publish(alice, TrackInfo(kind: .video, trackId: "v1", mid: "1", muted: true)),
        .publish(alice, TrackInfo(kind: .screen, trackId: "s1", mid: "2", muted: false)),
        .unpublish(alice, kind: .screen, trackId: "s1"),
        .mute(alice, kind: .audio, muted: true),
        .mute(alice, kind: .video, muted: false),
        .bitrateCap(room: "r1", kbps: 300),
        .bitrateCap(room: "r1", kbps: nil),
        .maxLayer(alice, publisher: ParticipantID(rawValue: "p-bob"), kind: .video, layer: .h),
        .maxLayer(alice, publisher: ParticipantID(rawValue: "p-bob"), kind: .screen, layer: nil),
    ]

    static let events: [CallInput] = [
        .sfuOffer(alice, sdp: "v=0\r\n"),
        .sfuAnswer(alice, sdp: "v=0\r\ns=-\r\n"),
        .sfuCandidate(alice, candidate),
        .activeSpeaker(room: "r1", alice),
        .activeSpeaker(room: "r1", nil),
    ]

    @Test(arguments: commands)
    func mediaCommandRoundTrip(_ command: MediaCommand) throws {
        let bytes: [UInt8] = try command.proto.serializedBytes()
        let decoded = try Beep_Sfu_V1_MediaCommandMessage(serializedBytes: bytes)
        #expect(try MediaCommand(proto: decoded) == command)
    }

    @Test(arguments: events)
    func eventRoundTrip(_ event: CallInput) throws {
        let message = try #require(MediaEvent.proto(event))
        let bytes: [UInt8] = try message.serializedBytes()
        let decoded = try Beep_Sfu_V1_MediaEventMessage(serializedBytes: bytes)
        #expect(try MediaEvent.input(decoded) == event)
    }

    @Test func signallingInputsAreNotEvents() {
        #expect(MediaEvent.proto(.disconnected(ConnectionID(rawValue: 1))) == nil)
        #expect(MediaEvent.proto(.binaryFrame(ConnectionID(rawValue: 1))) == nil)
        #expect(MediaEvent.proto(.frame(ConnectionID(rawValue: 1), [])) == nil)
    }

    @Test func emptyCommandIsRefused() {
        #expect(throws: SFUControlError(.missingField, "command")) {
            try MediaCommand(proto: Beep_Sfu_V1_MediaCommandMessage())
        }
    }

    @Test func emptyEventIsRefused() {
        #expect(throws: SFUControlError(.missingField, "event")) {
            try MediaEvent.input(Beep_Sfu_V1_MediaEventMessage())
        }
    }

    @Test func publishWithoutTrackIsRefused() {
        var message = Beep_Sfu_V1_MediaCommandMessage()
        message.publish = Beep_Sfu_V1_Publish()
        #expect(throws: SFUControlError(.missingField, "publish.track")) { try MediaCommand(proto: message) }
    }

    @Test func candidateWithoutLineIsRefused() {
        var message = Beep_Sfu_V1_MediaEventMessage()
        message.sfuCandidate = Beep_Sfu_V1_ParticipantCandidate()
        #expect(throws: SFUControlError.self) { try MediaEvent.input(message) }
    }

    @Test("a bitrate cap without a room or outside 16-100000 kbit/s is refused")
    func badBitrateCapIsRefused() {
        var cap = Beep_Sfu_V1_BitrateCap()
        cap.maxKbps = 300
        var message = Beep_Sfu_V1_MediaCommandMessage()
        message.bitrateCap = cap
        #expect(throws: SFUControlError(.missingField, "bitrateCap.room")) { try MediaCommand(proto: message) }
        for kbps: Int32 in [0, 15, -1, 100_001] {
            cap.room = "r1"
            cap.maxKbps = kbps
            message.bitrateCap = cap
            let error = #expect(throws: SFUControlError.self) { try MediaCommand(proto: message) }
            #expect(error?.code == .outOfRange)
        }
    }

    @Test func unknownKindIsRefused() throws {
        var mute = Beep_Sfu_V1_Mute()
        mute.participant = "p"
        mute.kind = .UNRECOGNIZED(42)
        var message = Beep_Sfu_V1_MediaCommandMessage()
        message.mute = mute
        let error = #expect(throws: SFUControlError.self) { try MediaCommand(proto: message) }
        #expect(error?.code == .unknownValue)
        mute.kind = .unspecified
        message.mute = mute
        #expect(throws: SFUControlError.self) { try MediaCommand(proto: message) }
    }

    @Test func unknownPermissionIsRefused() {
        var joined = Beep_Sfu_V1_ParticipantJoined()
        joined.permissions = [.subscribe, .unspecified]
        var message = Beep_Sfu_V1_MediaCommandMessage()
        message.participantJoined = joined
        #expect(throws: SFUControlError.self) { try MediaCommand(proto: message) }
    }

    @Test func garbageBytesDoNotTrap() {
        for bytes: [UInt8] in [[0xFF], [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], Array(repeating: 0x0A, count: 64)] {
            if let message = try? Beep_Sfu_V1_MediaCommandMessage(serializedBytes: bytes) {
                _ = try? MediaCommand(proto: message)
            }
        }
    }
}
