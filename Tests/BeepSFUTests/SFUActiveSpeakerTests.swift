import BeepSFU
import BeepTestSupport
import BeepWire
import Testing

/// Dominant speaker from RFC 6464 §3 client-to-mixer audio levels: smoothed over 300 ms
/// windows, with a margin and two confirming windows before switching.
@Suite("SFURouter active speaker (RFC 6464 §3)")
struct SFUActiveSpeakerTests {
    let alice = SFUTestRoom.names[0], bob = SFUTestRoom.names[1], carol = SFUTestRoom.names[2]

    /// Plays 20 ms Opus packets from every participant for `duration` ms starting at `start`,
    /// with levels from `level` (nil: no packet, as during DTX), running timers as a driver
    /// would; returns the speaker changes with their times.
    func play(_ room: inout SFUTestRoom, from start: Int, duration: Int,
              level: (ParticipantID, Int) -> UInt8?) -> [(time: Int, speaker: ParticipantID)] {
        var changes: [(Int, ParticipantID)] = []
        var time = start
        while time < start + duration {
            for participant in SFUTestRoom.names {
                if let value = level(participant, time) {
                    room.sendAudio(from: participant, index: time / 20, level: value, now: SFUTestMedia.at(time))
                }
            }
            room.router.handleTimeout(now: SFUTestMedia.at(time))
            for event in DrainedOutputs(&room.router).events {
                if case .activeSpeakerChanged(let speaker) = event { changes.append((time, speaker)) }
            }
            time += 20
        }
        return changes
    }

    @Test("RFC 6464 §3: one loud participant becomes the speaker once, after smoothing")
    func singleSpeaker() throws {
        var room = try SFUTestRoom()
        let changes = play(&room, from: 0, duration: 2000) { participant, _ in participant == alice ? 20 : 127 }
        #expect(changes.map(\.speaker) == [alice])
        // Two 300 ms windows are needed for the moving average to cross the threshold.
        #expect(changes.first?.time == 600)
        #expect(room.router.activeSpeaker == alice)
        #expect(room.router.stats().activeSpeaker == alice)
    }

    @Test("RFC 6464 §3: a 300 ms burst does not take the floor; a sustained louder voice does")
    func hysteresis() throws {
        var room = try SFUTestRoom()
        _ = play(&room, from: 0, duration: 1000) { participant, _ in participant == alice ? 20 : 127 }
        #expect(room.router.activeSpeaker == alice)
        let burst = play(&room, from: 1000, duration: 1000) { participant, time in
            switch participant {
            case alice: 20
            case bob: time < 1200 ? 5 : 127
            default: 127
            }
        }
        #expect(burst.isEmpty)
        let sustained = play(&room, from: 2000, duration: 3000) { participant, _ in
            switch participant {
            case alice: 20
            case bob: 5
            default: 127
            }
        }
        #expect(sustained.map(\.speaker) == [bob])
    }

    @Test("RFC 6464 §3: when the speaker falls silent (DTX: no packets), the next voice takes over")
    func speakerStops() throws {
        var room = try SFUTestRoom()
        _ = play(&room, from: 0, duration: 1000) { participant, _ in participant == alice ? 20 : 127 }
        let changes = play(&room, from: 1000, duration: 2000) { participant, _ in
            switch participant {
            case alice: nil
            case carol: 40
            default: 127
            }
        }
        #expect(changes.map(\.speaker) == [carol])
    }

    @Test("RFC 6464 §3: two similar voices with jittering levels do not make the speaker flap")
    func noFlapping() throws {
        var room = try SFUTestRoom()
        var generator = SeededGenerator(seed: 6464)
        let levels = (0..<300).map { _ in (UInt8.random(in: 15...30, using: &generator),
                                           UInt8.random(in: 15...30, using: &generator)) }
        let changes = play(&room, from: 0, duration: 6000) { participant, time in
            let pair = levels[(time / 20) % levels.count]
            switch participant {
            case alice: return pair.0
            case bob: return pair.1
            default: return 127
            }
        }
        #expect(changes.count == 1)
    }
}
