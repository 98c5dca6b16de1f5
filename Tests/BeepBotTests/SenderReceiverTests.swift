import BeepBot
import BeepRTP
import BeepSDP
import BeepWire
import Testing

/// The bot's media path without a network: what ``LocalMediaSender`` emits, fed (serialized
/// and parsed again) to ``RemoteTrackReceiver``s, decodes to the announced tone and to
/// increasing frame numbers without loss or freezes; a dropped packet is NACKed and a
/// missing key frame asked for with a PLI.
@Suite struct SenderReceiverTests {
    static let audio = LocalTrack(mid: "0", kind: .audio, ssrc: 10, streamID: "s", trackID: "tone-660hz-x", payloadType: 111)
    static let video = LocalTrack(mid: "1", kind: .video, ssrc: 20, streamID: "s", trackID: "pattern-x", payloadType: 96)

    /// Receivers for the sender's two tracks as the SFU's offer names them (`trackIDs`: audio,
    /// video); `fallbackToneHz` as `--expect-tone` gives it.
    static func receivers(started: MonotonicTime, trackIDs: (String, String) = ("tone-660hz-x", "pattern-x"),
                          fallbackToneHz: Double? = nil) throws -> [UInt32: RemoteTrackReceiver] {
        let audioTrack = OfferedRemoteTrack(mid: "b0", kind: .audio, ssrc: 10, participantID: "p1",
                                            trackID: trackIDs.0, payloadType: 111)
        let videoTrack = OfferedRemoteTrack(mid: "b1", kind: .video, ssrc: 20, participantID: "p1",
                                            trackID: trackIDs.1, payloadType: 96)
        return [10: try RemoteTrackReceiver(track: audioTrack, started: started, fallbackToneHz: fallbackToneHz),
                20: try RemoteTrackReceiver(track: videoTrack, started: started)]
    }

    /// Runs `seconds` of media in 10 ms steps, dropping packets `drop` says to.
    static func run(seconds: Int, trackIDs: (String, String) = ("tone-660hz-x", "pattern-x"),
                    fallbackToneHz: Double? = nil, drop: (RTPPacket) -> Bool = { _ in false })
        throws -> (reports: [RemoteTrackReport], feedback: [ReceiverFeedback]) {
        let sender = try LocalMediaSender(toneHz: 660, audio: audio, video: video, width: 320, height: 240, fps: 15,
                                          videoBitrateKbps: 300)
        let start = MonotonicTime(nanoseconds: 1_000_000_000)
        let receivers = try receivers(started: start, trackIDs: trackIDs, fallbackToneHz: fallbackToneHz)
        var feedback: [ReceiverFeedback] = []
        for step in 0..<(seconds * 100) {
            let now = start + .milliseconds(Int64(step) * 10)
            let wall = UInt32(step * 10) + 5
            for packet in sender.due(now: now, wallMillis: UInt32(step * 10)) where !drop(packet) {
                let bytes = try packet.serialized()
                let header = try RTPHeaderView(parsing: bytes)
                let receiver = try #require(receivers[header.ssrc])
                feedback += receiver.receive(bytes, header: header, now: now + .milliseconds(5), wallMillis: wall)
            }
        }
        let end = start + .seconds(seconds)
        return (receivers.values.map { $0.end(at: end); return $0.report(rtt: nil) }, feedback)
    }

    @Test func cleanPathMeetsTheCriteria() throws {
        let (reports, feedback) = try Self.run(seconds: 3)
        #expect(feedback.isEmpty)
        #expect(BotCriteria().failures(of: reports).isEmpty)
        let video = try #require(reports.first { $0.kind == "video" })
        #expect(video.framesDecoded >= 40)
        #expect(video.freezes == 0)
        #expect(video.firstFrameNumber == 0)
        #expect((video.lastFrameNumber ?? 0) + 1 >= UInt32(video.framesDecoded))
        #expect(video.endToEndDelayMs?.mean == 5)
        let audio = try #require(reports.first { $0.kind == "audio" })
        #expect(audio.packets >= 145)
        #expect(audio.lossPercent == 0)
        #expect(audio.expectedToneHz == 660)
        #expect(audio.detectedToneHz == 660)
        #expect(audio.toneWindows >= 25)
    }

    @Test("a browser's tracks: the tone comes from --expect-tone, frames are decoded but their stamps not read")
    func unannouncedTracks() throws {
        let (reports, _) = try Self.run(seconds: 3, trackIDs: ("mic-1234", "camera-5678"), fallbackToneHz: 660)
        #expect(BotCriteria().failures(of: reports).isEmpty)
        let audio = try #require(reports.first { $0.kind == "audio" })
        #expect(audio.expectedToneHz == 660 && audio.toneWindows >= 25)
        let video = try #require(reports.first { $0.kind == "video" })
        #expect(video.framesDecoded >= 40)
        #expect(video.firstFrameNumber == nil && video.unreadableFrames == 0 && video.endToEndDelayMs == nil)
        let (silent, _) = try Self.run(seconds: 1, trackIDs: ("mic-1234", "camera-5678"))
        #expect(silent.first { $0.kind == "audio" }?.expectedToneHz == nil)
    }

    @Test("a REMB lowers the video target to the REMB less the audio's share, never above --video-kbps")
    func rembSetsTheVideoTarget() throws {
        let sender = try LocalMediaSender(toneHz: 660, audio: Self.audio, video: Self.video, width: 320, height: 240,
                                          fps: 15, videoBitrateKbps: 400)
        sender.noteREMB(bitsPerSecond: 300_000)
        #expect(sender.sent.rembsReceived == 1 && sender.sent.rembBitrateKbps == 300)
        #expect(sender.sent.videoTargetKbps == 252)
        sender.noteREMB(bitsPerSecond: 100_000_000)
        #expect(sender.sent.videoTargetKbps == 400)
        sender.noteREMB(bitsPerSecond: 20_000)
        #expect(sender.sent.videoTargetKbps == 50)
    }

    @Test func lostVideoPacketIsNACKedAndCounted() throws {
        // Drop the fifth video packet: never the first (a receiver cannot miss what it never
        // knew to expect) nor the last.
        var videoPackets = 0
        var dropped = false
        let (reports, feedback) = try Self.run(seconds: 2) { packet in
            guard packet.ssrc == 20 else { return false }
            videoPackets += 1
            dropped = dropped || videoPackets == 5
            return videoPackets == 5
        }
        #expect(dropped)
        #expect(feedback.contains { if case .nack(let lost) = $0 { lost.count == 1 } else { false } })
        #expect(feedback.contains(.pictureLoss), "the frame after the hole cannot be decoded without a key frame")
        let video = try #require(reports.first { $0.kind == "video" })
        #expect(video.packetsLost == 1)
        #expect(video.nacksSent == 1)
        #expect(video.plisSent >= 1)
    }
}
