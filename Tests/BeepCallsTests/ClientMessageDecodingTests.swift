import BeepCalls
import Foundation
import Testing

/// Frames as docs/signalling.md ("Client → server") writes them, and what they decode to.
@Suite("Signalling protocol v1: client messages (docs/signalling.md)")
struct ClientMessageDecodingTests {
    static let validFrames: [(String, ClientEnvelope)] = [
        (#"{"v":1,"id":"1","type":"join","token":"t.k.n","room":"general"}"#,
         ClientEnvelope(id: "1", message: .join(token: "t.k.n", room: "general", media: true))),
        (#"{"v":1,"type":"join","token":"t.k.n","room":"general","media":false}"#,
         ClientEnvelope(message: .join(token: "t.k.n", room: "general", media: false))),
        (#"{"v":1,"id":"2","type":"offer","sdp":"v=0\r\n"}"#,
         ClientEnvelope(id: "2", message: .offer(sdp: "v=0\r\n"))),
        (#"{"v":1,"type":"answer","sdp":"v=0\r\n"}"#, ClientEnvelope(message: .answer(sdp: "v=0\r\n"))),
        (#"{"v":1,"type":"candidate","candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host","sdpMid":"0","sdpMLineIndex":0}"#,
         ClientEnvelope(message: .candidate(ICECandidateLine(
             candidate: "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host", sdpMid: "0", sdpMLineIndex: 0)))),
        (#"{"v":1,"type":"candidate","candidate":"candidate:2 1 udp 1 192.0.2.2 9 typ host"}"#,
         ClientEnvelope(message: .candidate(ICECandidateLine(candidate: "candidate:2 1 udp 1 192.0.2.2 9 typ host")))),
        (#"{"v":1,"type":"endOfCandidates"}"#, ClientEnvelope(message: .endOfCandidates)),
        (#"{"v":1,"id":"3","type":"publish","kind":"screen","trackId":"d3a1","mid":"2"}"#,
         ClientEnvelope(id: "3", message: .publish(kind: .screen, trackId: "d3a1", mid: "2"))),
        (#"{"v":1,"type":"unpublish","kind":"video"}"#, ClientEnvelope(message: .unpublish(kind: .video))),
        (#"{"v":1,"id":"7","type":"mute","kind":"audio","muted":true}"#,
         ClientEnvelope(id: "7", message: .mute(kind: .audio, muted: true))),
        (#"{"v":1,"type":"leave"}"#, ClientEnvelope(message: .leave)),
        (#"{"v":1,"type":"ping","future":"ignored"}"#, ClientEnvelope(message: .ping)),
        (#"{"v":2,"type":"ping"}"#, ClientEnvelope(message: .ping)),
        (#"{"v":2,"id":"r","type":"resume","room":"general","participantId":"p3","secret":"s3cret"}"#,
         ClientEnvelope(id: "r", message: .resume(room: "general", participantId: ParticipantID(rawValue: "p3"),
                                                  secret: "s3cret"))),
        (#"{"v":2,"id":"l","type":"maxLayer","participantId":"p2","kind":"video","layer":"q"}"#,
         ClientEnvelope(id: "l", message: .maxLayer(participantId: ParticipantID(rawValue: "p2"), kind: .video, layer: .q))),
        (#"{"v":2,"type":"maxLayer","participantId":"p2","kind":"screen","layer":null}"#,
         ClientEnvelope(message: .maxLayer(participantId: ParticipantID(rawValue: "p2"), kind: .screen, layer: nil))),
    ]

    @Test("every client message type decodes", arguments: validFrames)
    func decodes(json: String, expected: ClientEnvelope) throws {
        #expect(try ClientEnvelope.decode(frame: CallTestFixtures.frame(json)) == expected)
    }

    @Test("the valid frames cover every client message type")
    func coverage() {
        let covered = Set(Self.validFrames.map(\.1.message.type))
        #expect(covered == Set(ClientMessageType.allCases))
    }

    static let invalidFrames: [(String, SignallingErrorCode, String)] = [
        ("", .badRequest, "JSON"),
        ("{", .badRequest, "JSON"),
        ("[1,2]", .badRequest, "object"),
        ("\"join\"", .badRequest, "object"),
        (#"{"type":"ping"}"#, .badRequest, "`v`"),
        (#"{"v":"1","type":"ping"}"#, .badRequest, "`v`"),
        (#"{"v":3,"type":"ping"}"#, .unsupportedVersion, "version 3"),
        (#"{"v":2,"type":"resume","room":"general","participantId":"p1"}"#, .badRequest, "`secret`"),
        (#"{"v":2,"type":"resume","room":"general","secret":"s"}"#, .badRequest, "`participantId`"),
        (#"{"v":2,"type":"maxLayer","participantId":"p2","kind":"audio","layer":"q"}"#, .badRequest, "audio has no layers"),
        (#"{"v":2,"type":"maxLayer","participantId":"p2","kind":"video","layer":"x"}"#, .badRequest, "`layer` must be q, h or f"),
        (#"{"v":2,"type":"maxLayer","participantId":"p2","kind":"video","layer":2}"#, .badRequest, "`layer`"),
        (#"{"v":2,"type":"maxLayer","kind":"video","layer":"q"}"#, .badRequest, "`participantId`"),
        (#"{"v":1}"#, .badRequest, "`type`"),
        (#"{"v":1,"type":7}"#, .badRequest, "`type`"),
        (#"{"v":1,"type":"hello"}"#, .badRequest, "unknown message type `hello`"),
        (#"{"v":1,"type":"join","room":"general"}"#, .badRequest, "`token`"),
        (#"{"v":1,"type":"join","token":"x"}"#, .badRequest, "`room`"),
        (#"{"v":1,"type":"join","token":"x","room":"general","media":"yes"}"#, .badRequest, "`media`"),
        (#"{"v":1,"type":"join","token":"","room":"general"}"#, .badRequest, "`token` is empty"),
        (#"{"v":1,"type":"offer"}"#, .badRequest, "`sdp`"),
        (#"{"v":1,"type":"offer","sdp":null}"#, .badRequest, "`sdp`"),
        (#"{"v":1,"type":"answer","sdp":42}"#, .badRequest, "`sdp`"),
        (#"{"v":1,"type":"candidate","sdpMid":"0"}"#, .badRequest, "`candidate`"),
        (#"{"v":1,"type":"candidate","candidate":"c","sdpMLineIndex":-1}"#, .badRequest, "`sdpMLineIndex`"),
        (#"{"v":1,"type":"publish","kind":"hologram","trackId":"t","mid":"0"}"#, .badRequest, "`kind`"),
        (#"{"v":1,"type":"publish","kind":"audio","mid":"0"}"#, .badRequest, "`trackId`"),
        (#"{"v":1,"type":"publish","kind":"audio","trackId":"t"}"#, .badRequest, "`mid`"),
        (#"{"v":1,"type":"unpublish"}"#, .badRequest, "`kind`"),
        (#"{"v":1,"type":"mute","kind":"audio"}"#, .badRequest, "`muted`"),
        (#"{"v":1,"id":5,"type":"ping"}"#, .badRequest, "`id`"),
    ]

    @Test("malformed frames are refused with a code naming the problem", arguments: invalidFrames)
    func refuses(json: String, code: SignallingErrorCode, mention: String) {
        do throws(SignallingError) {
            let decoded = try ClientEnvelope.decode(frame: CallTestFixtures.frame(json))
            Issue.record("decoded \(decoded)")
        } catch {
            #expect(error.code == code)
            #expect(error.reason.contains(mention), "\(error.reason)")
        }
    }

    @Test("a request id longer than 64 characters is refused")
    func longRequestID() {
        let json = #"{"v":1,"type":"ping","id":""# + String(repeating: "x", count: 65) + #""}"#
        #expect(throws: SignallingError(.badRequest, "field `id` is longer than 64 bytes")) {
            try ClientEnvelope.decode(frame: CallTestFixtures.frame(json))
        }
    }

    @Test("a frame over 64 KiB is too_large before any parsing; exactly 64 KiB is parsed")
    func sizeCap() throws {
        let prefix = #"{"v":1,"type":"offer","sdp":""#
        let suffix = #""}"#
        let fill = SignallingLimits.maximumFrameBytes - prefix.utf8.count - suffix.utf8.count
        let exact = prefix + String(repeating: "a", count: fill) + suffix
        #expect(exact.utf8.count == 65_536)
        #expect(try ClientEnvelope.decode(frame: CallTestFixtures.frame(exact)).message.type == .offer)
        let over = prefix + String(repeating: "a", count: fill + 1) + suffix
        do throws(SignallingError) {
            _ = try ClientEnvelope.decode(frame: CallTestFixtures.frame(over))
            Issue.record("oversized frame decoded")
        } catch {
            #expect(error.code == .tooLarge)
        }
        // Not even JSON: the size check still comes first.
        do throws(SignallingError) {
            _ = try ClientEnvelope.decode(frame: [UInt8](repeating: 0xFF, count: 70_000))
            Issue.record("oversized garbage decoded")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    @Test("the request id of an undecodable frame is recovered for inReplyTo")
    func requestIDOfBadFrame() {
        #expect(ClientEnvelope.requestID(ofUndecodableFrame: CallTestFixtures.frame(#"{"v":1,"id":"9","type":"nope"}"#)) == "9")
        #expect(ClientEnvelope.requestID(ofUndecodableFrame: CallTestFixtures.frame("[]")) == nil)
        #expect(ClientEnvelope.requestID(ofUndecodableFrame: CallTestFixtures.frame(#"{"id":3}"#)) == nil)
    }

    @Test("random bytes never trap the decoder")
    func randomBytes() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 56))
            }
            #expect(throws: SignallingError.self) { try ClientEnvelope.decode(frame: bytes) }
        }
    }
}
