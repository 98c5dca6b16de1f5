@testable import BeepBot
import BeepCalls
import BeepSDP
import Foundation
import Testing

/// Load mode's pieces without a network: the schedule, bounds, /proc parsing, the judging of
/// reports, the receive-only offer, and the Janus adapter's JSON and DTLS role handling.
@Suite struct LoadModeTests {
    static func options(rooms: Int = 2, publishers: Int = 3, subscribers: Int = 4, video: Bool = false) -> LoadOptions {
        var options = LoadOptions(target: .janus(apiURL: "http://127.0.0.1:8088/janus"), rooms: rooms,
                                  publishers: publishers, subscribers: subscribers, durationSeconds: 5)
        options.video = video
        return options
    }

    /// Publishers of every room first, spaced; subscribers after the join allowance; the window
    /// opens after the last subscriber's allowance plus 1 s.
    @Test func planSchedule() {
        let plan = LoadPlan(options: Self.options())
        #expect(plan.bots.count == 2 * (3 + 4))
        #expect(plan.bots.prefix(6).allSatisfy { $0.publishes })
        #expect(plan.bots.dropFirst(6).allSatisfy { !$0.publishes })
        #expect(plan.bots[1].startOffset == .milliseconds(50))
        #expect(plan.bots[6].startOffset == .milliseconds(300) + .seconds(3))
        #expect(plan.bots.last?.startOffset == .milliseconds(300) + .seconds(3) + .milliseconds(350))
        #expect(plan.windowStart == .milliseconds(300 + 400) + .seconds(7))
        #expect(plan.windowEnd == plan.windowStart + .seconds(5))
        #expect(Set(plan.bots.map(\.name)).count == plan.bots.count)
        #expect(plan.bots.compactMap(\.toneHz).prefix(3) == [300, 430, 560])
        #expect(plan.expectedTracks == 2 * 4 * 3)
        #expect(LoadPlan(options: Self.options(video: true)).expectedTracks == 2 * 4 * 3 * 2)
    }

    @Test func boundsAreChecked() throws {
        try Self.options().validate()
        for bad in [Self.options(rooms: 0), Self.options(rooms: 21), Self.options(publishers: 0),
                    Self.options(publishers: 21), Self.options(subscribers: 201)] {
            #expect(throws: BotError.self) { try bad.validate() }
        }
        var long = Self.options()
        long.durationSeconds = 601
        #expect(throws: BotError.self) { try long.validate() }
        long.durationSeconds = .nan
        #expect(throws: BotError.self) { try long.validate() }
    }

    /// proc(5): utime and stime are fields 14 and 15; `comm` may hold spaces and parentheses.
    @Test func procStatParsing() {
        let line = "4242 (beep (sfu) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 130 0 0 20 0 9 0 100 0 0"
        #expect(ProcessCPU.seconds(statLine: line, ticksPerSecond: 100) == 3.8)
        #expect(ProcessCPU.seconds(statLine: "garbage", ticksPerSecond: 100) == nil)
        #expect(ProcessCPU.seconds(statLine: "1 (x) S 1 2", ticksPerSecond: 100) == nil)
        #expect(ProcessCPU.seconds(pid: Int32(ProcessInfo.processInfo.processIdentifier)) != nil)
    }

    static func report(name: String, tracks: [RemoteTrackReport], error: String? = nil) -> BotReport {
        let failures = BotCriteria().failures(of: tracks)
        return BotReport(room: "load-1", participantId: "p", name: name, toneHz: 440, joinMs: 5, mediaConnectedMs: 9,
                         srtpProfile: nil, rttMs: nil,
                         sent: SentReport(audioPackets: 0, videoFrames: 0, videoPackets: 0, keyFrames: 0, plisReceived: 0,
                                          firsReceived: 0, nackedPackets: 0, retransmissions: 0),
                         remoteTracks: tracks, participantsSeen: [:], failures: failures,
                         ok: error == nil && failures.isEmpty, exitCode: error == nil ? (failures.isEmpty ? 0 : 5) : 6,
                         error: error)
    }

    @Test func judgingCountsMissingTracksLossAndJoinFailures() {
        let window = LoadWindow(seconds: 5, packetsForwarded: 500, packetsPerSecond: 100, packetsReceived: 480,
                                botsConnectedAtStart: 3)
        let good = BotCriteriaTests.track(kind: "audio")
        let options = Self.options(rooms: 1, publishers: 2, subscribers: 2)
        let ok = LoadReport.judge(options: options, reports: [Self.report(name: "sub-1", tracks: [good, good]),
                                                             Self.report(name: "sub-2", tracks: [good, good])],
                                  expectedTracks: 4, window: window)
        #expect(ok.ok && ok.exitCode == 0 && ok.failures.isEmpty && ok.tracksReceived == 4)
        let missing = LoadReport.judge(options: options, reports: [Self.report(name: "sub-1", tracks: [good, good])],
                                       expectedTracks: 4, window: window)
        #expect(!missing.ok && missing.exitCode == 5)
        #expect(missing.failures == ["received 2 of 4 remote tracks"])
        let lossy = LoadReport.judge(options: options, reports: [
            Self.report(name: "sub-1", tracks: [good, BotCriteriaTests.track(kind: "audio", loss: 3)]),
            Self.report(name: "sub-2", tracks: [], error: "timed out"),
        ], expectedTracks: 4, window: window)
        #expect(lossy.joinFailures == 1 && lossy.maxLossPercent == 3 && !lossy.ok)
        #expect(lossy.failures.contains("sub-2: timed out"))
        #expect(lossy.failures.contains { $0.hasPrefix("sub-1 ← ") && $0.contains("loss 3.0%") })
        #expect(lossy.json().contains("\"joinFailures\" : 1"))
        #expect(lossy.table().contains("result: FAILED (exit 5)"))
    }

    /// A bot that publishes nothing offers recvonly audio and video at mids 0 and 1, without SSRCs.
    @Test func receiveOnlyOffer() throws {
        let text = BotDescriptions.offer(tracks: [], transport: BotDescriptionsTests.transport, sessionID: 1, version: 2,
                                         receiveOnly: [.audio, .video]).serialized()
        let offer = try SessionDescription.parse(text)
        #expect(offer.bundleMids == ["0", "1"])
        #expect(offer.media.map(\.kind) == [.audio, .video])
        #expect(offer.media.allSatisfy { $0.direction == .recvonly && $0.ssrcs.isEmpty })
        let audioOnly = try SessionDescription.parse(BotDescriptions.offer(
            tracks: [BotDescriptionsTests.tracks[0]], transport: BotDescriptionsTests.transport, sessionID: 1, version: 2,
            receiveOnly: [.audio, .video]).serialized())
        #expect(audioOnly.media.map(\.direction) == [.sendonly, .recvonly])
    }

    /// Janus answers an actpass offer with `a=setup:active`: the bot is then the DTLS server.
    @Test func dtlsRoleFollowsTheAnswer() throws {
        let offer = BotDescriptions.offer(tracks: BotDescriptionsTests.tracks, transport: BotDescriptionsTests.transport,
                                          sessionID: 1, version: 2).serialized()
        #expect(try BotDescriptions.remoteTransport(of: SessionDescription.parse(offer)).localDTLSRole == .client)
        let active = offer.replacingOccurrences(of: "a=setup:actpass", with: "a=setup:active")
        #expect(try BotDescriptions.remoteTransport(of: SessionDescription.parse(active)).localDTLSRole == .server)
    }

    /// An `attached` event as Janus 1.1 sends it: ids as integers, the streams list read by mid.
    @Test func janusAttachedEvent() throws {
        let text = """
            {"janus":"event","session_id":5760325116499896,"transaction":"t7","sender":6921919593359414,
             "plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"attached","room":7700,
             "streams":[{"type":"audio","mid":"0","feed_id":3001,"feed_display":"tone-430hz-pub-1-2"},
                        {"type":"video","mid":"1","feed_id":3001,"feed_display":"tone-430hz-pub-1-2"},
                        {"type":"data"}]}},
             "jsep":{"type":"offer","sdp":"v=0"}}
            """
        let event = try JSONDecoder().decode(JanusJSON.self, from: Data(text.utf8))
        #expect(event["session_id"]?.int == 5_760_325_116_499_896)
        #expect(event["jsep"]?["type"]?.string == "offer")
        let labels = JanusBotRunner.streamLabels(event["plugindata"]?["data"]?["streams"])
        #expect(labels.count == 2)
        #expect(labels["0"]?.feed == "3001")
        #expect(labels["1"]?.display == "tone-430hz-pub-1-2")
        #expect(ToneTracker.frequency(inTrackID: labels["0"]?.display ?? "") == 430)
        let encoded = try JSONEncoder().encode(JanusJSON.object(["room": .int(7700), "ok": .bool(true)]))
        #expect(try JSONDecoder().decode(JanusJSON.self, from: encoded)["room"]?.int == 7700)
    }
}
