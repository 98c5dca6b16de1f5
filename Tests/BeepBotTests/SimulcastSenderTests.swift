import BeepBot
import BeepDTLS
import BeepRTP
import BeepSDP
import BeepWire
import Testing

/// `--simulcast` (docs/bot.md "Simulcast"): three independent VP8 layers (rids q/h/f at 1/4,
/// 1/2 and full size, RFC 8853), each under its own SSRC with MID and RtpStreamId header
/// extensions (RFC 8843 §15, RFC 8852 §3), each answering PLI for itself; the offer announces
/// them the way Chromium does.
@Suite struct SimulcastSenderTests {
    static let audio = LocalTrack(mid: "0", kind: .audio, ssrc: 10, streamID: "s", trackID: "tone-660hz-x", payloadType: 111)
    static var video: LocalTrack {
        var track = LocalTrack(mid: "1", kind: .video, ssrc: 20, streamID: "s", trackID: "pattern-x", payloadType: 96)
        track.simulcastLayers = [SimulcastLayerPlan(rid: "q", ssrc: 31, scaleDown: 4, bitratePercent: 15),
                                 SimulcastLayerPlan(rid: "h", ssrc: 32, scaleDown: 2, bitratePercent: 40),
                                 SimulcastLayerPlan(rid: "f", ssrc: 33, scaleDown: 1, bitratePercent: 100)]
        return track
    }
    static let start = MonotonicTime(nanoseconds: 1_000_000_000)

    static func sender() throws -> LocalMediaSender {
        try LocalMediaSender(toneHz: 660, audio: audio, video: video, width: 640, height: 360, fps: 15,
                             videoBitrateKbps: 600)
    }

    /// The video packets of `steps` 10 ms ticks from `first` on.
    static func videoPackets(_ sender: LocalMediaSender, steps: Range<Int>) -> [RTPPacket] {
        steps.flatMap { step in
            sender.due(now: start + .milliseconds(Int64(step) * 10), wallMillis: UInt32(step * 10))
                .filter { $0.payloadType == 96 }
        }
    }

    @Test func eachLayerDecodesAtItsScaleWithReadableIncreasingFrameNumbers() throws {
        let sender = try Self.sender()
        let map = try RTPHeaderExtensionMap([.mid: 4, .rtpStreamID: 10])
        var receivers: [UInt32: RemoteTrackReceiver] = [:]
        for layer in Self.video.simulcastLayers {
            let track = OfferedRemoteTrack(mid: "b1", kind: .video, ssrc: layer.ssrc, participantID: "p1",
                                           trackID: "pattern-x", payloadType: 96)
            receivers[layer.ssrc] = try RemoteTrackReceiver(track: track, started: Self.start)
        }
        for packet in Self.videoPackets(sender, steps: 0..<200) {
            let bytes = try packet.serialized()
            let header = try RTPHeaderView(parsing: bytes)
            let layer = try #require(Self.video.simulcastLayers.first { $0.ssrc == header.ssrc })
            #expect(header.sdesValue(.rtpStreamID, in: bytes, map: map) == layer.rid)
            #expect(header.sdesValue(.mid, in: bytes, map: map) == "1")
            let receiver = try #require(receivers[header.ssrc])
            #expect(receiver.receive(bytes, header: header, now: Self.start + .seconds(3), wallMillis: 0).isEmpty)
        }
        let expectedSizes: [UInt32: String] = [31: "160x90", 32: "320x180", 33: "640x360"]
        for (ssrc, receiver) in receivers {
            let report = receiver.report(rtt: nil)
            #expect(report.framesDecoded >= 25, "layer \(ssrc)")
            #expect(report.lastFrameSize == expectedSizes[ssrc])
            #expect(report.frameSizes == [expectedSizes[ssrc] ?? "": report.framesDecoded])
            #expect(report.unreadableFrames == 0, "layer \(ssrc): the stamp survives at this size")
            #expect(report.frameNumberRegressions == 0)
            #expect(report.firstFrameNumber == 0)
        }
    }

    @Test func pliForOneLayerMakesOnlyThatLayersNextFrameAKeyFrame() throws {
        let sender = try Self.sender()
        _ = Self.videoPackets(sender, steps: 0..<100)  // the first key frames, then deltas
        sender.requestKeyFrame(ssrc: 32, pli: true)
        let next = Self.videoPackets(sender, steps: 100..<107)  // the next frame (15 fps: every 66.7 ms)
        var keyFrames: [UInt32: Bool] = [:]
        for packet in next where keyFrames[packet.ssrc] == nil {
            keyFrames[packet.ssrc] = VP8PayloadHeader.isKeyFrame(rtpPayload: packet.payload)
        }
        #expect(keyFrames == [31: false, 32: true, 33: false])
        #expect(sender.sent.plisReceived == 1)
        #expect(sender.isVideo(ssrc: 31) && sender.isVideo(ssrc: 33) && !sender.isVideo(ssrc: 20))
    }

    @Test func offerAnnouncesThreeRidsWithTheMidAndRidExtensionsAndNoSSRCs() throws {
        let transport = BotTransport(iceUfrag: "ufrag", icePassword: "password-0123456789abcd",
                                     fingerprint: BotDescriptionsTests.fingerprint, candidate: .ipv4(127, 0, 0, 1, port: 50000))
        let offer = BotDescriptions.offer(tracks: [Self.audio, Self.video], transport: transport, sessionID: 1, version: 2)
        let parsed = try SessionDescription.parse(offer.serialized())
        let section = try #require(parsed.media.first { $0.kind == .video })
        #expect(section.rids.map(\.id) == ["q", "h", "f"])
        #expect(section.rids.allSatisfy { $0.direction == .send })
        #expect(section.simulcast?.send.map { $0.map(\.rid) } == [["q"], ["h"], ["f"]])
        #expect(section.ssrcs.isEmpty)
        let extensions = section.headerExtensions
        #expect(Set(extensions.map(\.uri)) == [ExtensionMap.URI.mid, ExtensionMap.URI.rtpStreamID])
        #expect(extensions.first { $0.uri == ExtensionMap.URI.rtpStreamID }?.id == 10)
    }
}
