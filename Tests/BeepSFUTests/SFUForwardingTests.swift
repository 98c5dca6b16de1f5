import BeepRTP
import BeepSFU
import BeepWire
import Testing

/// Fan-out with per-consumer rewriting (RFC 3550 §5.1 fields, as an RTP translator that
/// changes SSRCs: RFC 7667 §3.7).
@Suite("SFURouter forwarding (RFC 3550 §5.1, RFC 7667 §3.7)")
struct SFUForwardingTests {
    @Test("3 participants × audio+video: each receives the other two, rewritten to its own SSRCs")
    func threeParticipantsFanOut() throws {
        var room = try SFUTestRoom()
        _ = DrainedOutputs(&room.router)
        let frames = 10
        for index in 0..<frames {
            let now = SFUTestMedia.at(index * 20)
            for publisher in SFUTestRoom.names {
                room.sendAudio(from: publisher, index: index, now: now)
                room.sendVideo(from: publisher, index: index, keyFrame: index == 0, now: now)
            }
        }
        let out = DrainedOutputs(&room.router)
        #expect(out.rtp.count == SFUTestRoom.names.count * 2 * 2 * frames)
        for subscriber in SFUTestRoom.names {
            #expect(out.rtp.filter { $0.to == subscriber }.count == 2 * 2 * frames)
            for publisher in SFUTestRoom.names where publisher != subscriber {
                for kind in [MediaKind.audio, .video] {
                    let ssrc = room.ssrc(of: publisher, at: subscriber, kind)
                    let headers = out.headers(to: subscriber, ssrc: ssrc)
                    #expect(headers.count == frames, "\(publisher) \(kind) at \(subscriber)")
                    let expectedType = kind == .audio ? SFUTestRoom.consumerAudioPayloadType
                        : SFUTestRoom.consumerVideoPayloadType
                    #expect(headers.allSatisfy { $0.payloadType == expectedType })
                    let step: UInt32 = kind == .audio ? 960 : 3000
                    for (previous, next) in zip(headers, headers.dropFirst()) {
                        #expect(next.sequenceNumber == previous.sequenceNumber &+ 1)
                        #expect(next.timestamp == previous.timestamp &+ step)
                    }
                }
            }
            // Nobody receives their own media back, nor any publisher SSRC.
            let publisherSSRCs = Set(room.audioSSRC.values).union(room.videoSSRC.values)
            #expect(out.rtp.filter { $0.to == subscriber }
                .compactMap { SFUTestMedia.header($0.packet)?.ssrc }
                .allSatisfy { !publisherSSRCs.contains($0) })
        }
    }

    @Test("The payload and header extensions are forwarded untouched; only the header fields change")
    func payloadUntouched() throws {
        var room = try SFUTestRoom()
        _ = DrainedOutputs(&room.router)
        let alice = SFUTestRoom.names[0], bob = SFUTestRoom.names[1]
        let original = SFUTestMedia.opus(ssrc: room.audioSSRC[alice] ?? 0, sequenceNumber: 100, timestamp: 5000,
                                         level: 30, voice: true)
        room.router.handleRTP(from: alice, packet: original, now: .zero)
        let out = DrainedOutputs(&room.router)
        let copy = try #require(out.rtp.first { $0.to == bob }?.packet)
        let view = try RTPHeaderView(parsing: copy)
        let originalView = try RTPHeaderView(parsing: original)
        #expect(copy.count == original.count)
        #expect(Array(copy[view.payloadRange]) == Array(original[originalView.payloadRange]))
        #expect(view.audioLevel(in: copy, map: SFUTestMedia.publisherExtensions)
            == AudioLevel(voiceActivity: true, level: 30))
        // RFC 8285 §4.2: the publisher's mid names its own m-section; it is moved to an id
        // the subscriber did not negotiate.
        #expect(view.extensionElement(id: 4, in: copy) == nil)
        #expect(view.ssrc == room.ssrc(of: alice, at: bob, .audio))
    }

    @Test("Consumer extension ids differ from the publisher's: elements are renumbered in place (RFC 8285 §5)")
    func extensionIDRemap() throws {
        var router = SFURouter()
        let alice = ParticipantID("alice"), bob = ParticipantID("bob")
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let producer = try router.publish(SFUTestMedia.audio(ssrc: 11), from: alice)
        var bobMap = RTPHeaderExtensionMap()
        try bobMap.register(id: 3, for: .audioLevel)
        _ = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 22, payloadType: 111,
                                                                                headerExtensions: bobMap),
                               now: .zero)
        router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 11, sequenceNumber: 1, timestamp: 0, level: 42),
                         now: .zero)
        let out = DrainedOutputs(&router)
        let copy = try #require(out.rtp.first?.packet)
        let view = try RTPHeaderView(parsing: copy)
        #expect(view.audioLevel(in: copy, map: bobMap)?.level == 42)
        // Every other element now carries an id Bob did not negotiate, so he ignores it.
        let form = try #require(view.extensionForm)
        var elements = RTPHeaderExtensionElements(copy, range: view.extensionRange, form: form)
        var ids: [UInt8] = []
        while let element = elements.next() { ids.append(element.id) }
        #expect(ids.count == 2)
        #expect(ids.filter { bobMap.kind(for: $0) != nil } == [3])
    }

    @Test("Sequence numbers and timestamps wrap around without a gap")
    func wrapAround() throws {
        var router = SFURouter()
        let alice = ParticipantID("alice"), bob = ParticipantID("bob")
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let producer = try router.publish(SFUTestMedia.audio(ssrc: 11), from: alice)
        _ = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 22, payloadType: 111),
                               now: .zero)
        let startSequence: UInt16 = 65_530
        let startTimestamp: UInt32 = 0xFFFF_F000
        for index in 0..<12 {
            router.handleRTP(from: alice, packet: SFUTestMedia.opus(
                ssrc: 11, sequenceNumber: startSequence &+ UInt16(index),
                timestamp: startTimestamp &+ UInt32(index) &* 960), now: SFUTestMedia.at(index * 20))
        }
        let headers = DrainedOutputs(&router).headers(to: bob, ssrc: 22)
        #expect(headers.count == 12)
        for (previous, next) in zip(headers, headers.dropFirst()) {
            #expect(next.sequenceNumber == previous.sequenceNumber &+ 1)
            #expect(next.timestamp == previous.timestamp &+ 960)
        }
    }

    @Test("Opus DTX: a pause in the publisher's packets is forwarded as is (RFC 7587 §3.1.3)")
    func dtxForwardedAsIs() throws {
        var router = SFURouter()
        let alice = ParticipantID("alice"), bob = ParticipantID("bob")
        try router.addParticipant(alice)
        try router.addParticipant(bob)
        let producer = try router.publish(SFUTestMedia.audio(ssrc: 11), from: alice)
        _ = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 22, payloadType: 111),
                               now: .zero)
        // Two packets, then 400 ms of DTX silence: the sequence continues, the timestamp jumps.
        router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 11, sequenceNumber: 1, timestamp: 0), now: .zero)
        router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 11, sequenceNumber: 2, timestamp: 960),
                         now: SFUTestMedia.at(20))
        router.handleRTP(from: alice, packet: SFUTestMedia.opus(ssrc: 11, sequenceNumber: 3, timestamp: 960 + 19_200),
                         now: SFUTestMedia.at(420))
        let headers = DrainedOutputs(&router).headers(to: bob, ssrc: 22)
        #expect(headers.map(\.sequenceNumber) == [1, 2, 3])
        #expect(headers.map(\.timestamp) == [0, 960, 960 + 19_200])
    }

    @Test("RFC 8285 §4.3: two-byte-form ids are renumbered too, and one-byte ids stay within 1-14")
    func twoByteAndWideIDs() throws {
        var router = SFURouter()
        let alice = ParticipantID("alice"), bob = ParticipantID("bob"), carol = ParticipantID("carol")
        for participant in [alice, bob, carol] { try router.addParticipant(participant) }
        var aliceMap = RTPHeaderExtensionMap()
        try aliceMap.register(id: 1, for: .audioLevel)
        let producer = try router.publish(ProducerParameters(kind: .audio, codec: .opus, ssrc: 11, payloadType: 111,
                                                             clockRate: 48_000, headerExtensions: aliceMap), from: alice)
        // Bob negotiated audio level as id 20, which a one-byte element cannot carry.
        var bobMap = RTPHeaderExtensionMap()
        try bobMap.register(id: 20, for: .audioLevel)
        _ = try router.consume(producer, by: bob, parameters: ConsumerParameters(ssrc: 22, payloadType: 111,
                                                                                headerExtensions: bobMap), now: .zero)
        var carolMap = RTPHeaderExtensionMap()
        try carolMap.register(id: 7, for: .audioLevel)
        _ = try router.consume(producer, by: carol, parameters: ConsumerParameters(ssrc: 33, payloadType: 111,
                                                                                  headerExtensions: carolMap), now: .zero)
        let level = AudioLevel(voiceActivity: true, level: 9)
        let oneByte = try RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 1, data: [level.byte])])
        let twoByte = try RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 1, data: [level.byte])],
                                             form: .twoByte)
        for (sequence, extensionBlock) in [(UInt16(1), oneByte), (2, twoByte)] {
            let packet = try RTPPacket(payloadType: 111, sequenceNumber: sequence, timestamp: 0, ssrc: 11,
                                       headerExtension: extensionBlock, payload: [0xFC]).serialized()
            router.handleRTP(from: alice, packet: packet, now: .zero)
        }
        let out = DrainedOutputs(&router)
        let toCarol = out.rtp.filter { $0.to == carol }.map(\.packet)
        #expect(toCarol.count == 2)
        for packet in toCarol {
            #expect(try RTPHeaderView(parsing: packet).audioLevel(in: packet, map: carolMap) == level)
        }
        let toBob = out.rtp.filter { $0.to == bob }.map(\.packet)
        #expect(toBob.count == 2)
        // Two-byte form: id 20 fits. One-byte form: it does not, so the element is hidden
        // under an id Bob did not negotiate.
        let bobTwoByte = try #require(toBob.last)
        #expect(try RTPHeaderView(parsing: bobTwoByte).audioLevel(in: bobTwoByte, map: bobMap) == level)
        let bobOneByte = try #require(toBob.first)
        let view = try RTPHeaderView(parsing: bobOneByte)
        #expect(view.audioLevel(in: bobOneByte, map: bobMap) == nil)
        #expect(view.extensionElement(id: 1, in: bobOneByte) != nil && bobMap.kind(for: 1) == nil)
    }
}
