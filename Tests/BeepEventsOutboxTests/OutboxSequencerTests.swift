import BeepEvents
import BeepEventsOutbox
import Testing

@Suite struct OutboxSequencerTests {
    static func record(_ stream: String, _ seq: Int64, id: Int64 = 0) -> OutboxRecord {
        OutboxRecord(id: id == 0 ? seq : id, seq: seq,
                     staged: StagedEvent(event: PublishedEvent(type: "t", dataJSON: "{\"n\":\(seq)}"), audience: ["1"],
                                         stream: stream),
                     createdAtMilliseconds: 0)
    }

    @Test func deliversInStreamOrderWhateverTheArrivalOrder() {
        var sequencer = OutboxSequencer()
        let result = sequencer.accept([Self.record("a", 2), Self.record("b", 1), Self.record("a", 1)])
        #expect(result.deliver.map { "\($0.staged.stream)\($0.seq)" } == ["a1", "a2", "b1"])
        #expect(result.gaps.isEmpty)
        #expect(sequencer.lastDelivered("a") == 2)
    }

    @Test func dropsWhatWasAlreadyDelivered() {
        var sequencer = OutboxSequencer(heads: ["a": 5])
        #expect(sequencer.accept([Self.record("a", 4), Self.record("a", 5)]).deliver.isEmpty)
        #expect(sequencer.accept([Self.record("a", 6), Self.record("a", 6)]).deliver.map(\.seq) == [6])
        #expect(sequencer.accept([Self.record("a", 6)]).deliver.isEmpty)
    }

    @Test func holdsEventsBehindAGapAndNamesIt() {
        var sequencer = OutboxSequencer(heads: ["a": 1])
        let first = sequencer.accept([Self.record("a", 4), Self.record("a", 5)])
        #expect(first.deliver.isEmpty)
        #expect(first.gaps == [OutboxSequencer.Gap(stream: "a", after: 1, through: 3)])
        #expect(sequencer.heldCount == 2)
        let filled = sequencer.accept([Self.record("a", 2), Self.record("a", 3)])
        #expect(filled.deliver.map(\.seq) == [2, 3, 4, 5])
        #expect(filled.gaps.isEmpty)
        #expect(sequencer.heldCount == 0)
    }

    @Test func skipsAGapTheOutboxCanNoLongerFill() {
        var sequencer = OutboxSequencer(heads: ["a": 1])
        _ = sequencer.accept([Self.record("a", 4)])
        #expect(sequencer.skip(stream: "a", through: 3).map(\.seq) == [4])
        #expect(sequencer.lastDelivered("a") == 4)
    }
}
