import BeepMedia
import BeepRTP
import BeepWire
import Testing

@Suite struct VP8PacketizerTests {
    static func frame(size: Int, key: Bool) -> EncodedVideoFrame {
        // RFC 6386 §9.1: bit 0 of the first byte is 0 for a key frame.
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        var first = bytes
        first[0] = key ? 0x10 : 0x11
        return EncodedVideoFrame(bytes: first, isKeyFrame: key)
    }

    /// RFC 7741 §4: a frame larger than one payload is split; S only on the first packet,
    /// the marker only on the last, one PictureID per frame, consecutive sequence numbers.
    @Test func fragmentsAFrameAcrossPackets() throws {
        var packetizer = VP8Packetizer(ssrc: 42, payloadType: 96, maxPayloadSize: 300, firstSequenceNumber: 65_534,
                                       firstPictureID: 0x7FFF)
        let frame = Self.frame(size: 1000, key: true)
        let packets = try packetizer.packetize(frame, timestamp: 9000)
        #expect(packets.count == 4)
        #expect(packets.map(\.sequenceNumber) == [65_534, 65_535, 0, 1])
        #expect(packets.map(\.marker) == [false, false, false, true])
        for (index, packet) in packets.enumerated() {
            #expect(packet.payload.count <= 300)
            let (descriptor, _) = try VP8PayloadDescriptor.parse(packet.payload)
            #expect(descriptor.startOfPartition == (index == 0))
            #expect(descriptor.pictureID?.value == 0x7FFF)
        }
        let next = try packetizer.packetize(Self.frame(size: 10, key: false), timestamp: 12000)
        #expect(try VP8PayloadDescriptor.parse(next[0].payload).descriptor.pictureID?.value == 0, "15-bit wrap")
    }

    @Test func reassemblesOutOfOrderAndDuplicatedPackets() throws {
        var packetizer = VP8Packetizer(ssrc: 1, payloadType: 96, maxPayloadSize: 200, firstSequenceNumber: 100)
        let key = Self.frame(size: 700, key: true)
        let inter = Self.frame(size: 350, key: false)
        let packets = try packetizer.packetize(key, timestamp: 0) + packetizer.packetize(inter, timestamp: 3000)
        var depacketizer = VP8Depacketizer()
        var frames: [DepacketizedVideoFrame] = []
        for index in [1, 0, 3, 2, 2, 5, 4] {
            let packet = packets[index]
            frames += depacketizer.push(sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp,
                                        marker: packet.marker, payload: packet.payload[...], arrival: .zero).frames
        }
        #expect(frames.count == 2)
        #expect(frames.first?.bytes == key.bytes)
        #expect(frames.first?.isKeyFrame == true)
        #expect(frames.last?.bytes == inter.bytes)
        #expect(frames.last?.isKeyFrame == false)
        #expect(frames.last?.isContinuous == true)
    }

    /// A lost packet holds its frame back and is reported missing (to NACK); a retransmission
    /// completes it; a frame after an unrecovered loss waits up to `maxWait` for the gap, then
    /// comes out flagged discontinuous.
    @Test func lossIsReportedAndRecovered() throws {
        var packetizer = VP8Packetizer(ssrc: 1, payloadType: 96, maxPayloadSize: 200, firstSequenceNumber: 10)
        let first = try packetizer.packetize(Self.frame(size: 500, key: true), timestamp: 0)    // 10, 11, 12
        let second = try packetizer.packetize(Self.frame(size: 300, key: false), timestamp: 3000) // 13, 14
        let third = try packetizer.packetize(Self.frame(size: 100, key: false), timestamp: 6000)  // 15
        var depacketizer = VP8Depacketizer(maxWait: .milliseconds(100))
        func push(_ packet: RTPPacket, at ms: Int64) -> VP8DepacketizerOutput {
            depacketizer.push(sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp, marker: packet.marker,
                              payload: packet.payload[...], arrival: MonotonicTime(nanoseconds: ms * 1_000_000))
        }
        #expect(push(first[0], at: 0).frames.isEmpty)
        let afterGap = push(first[2], at: 1)
        #expect(afterGap.missing == [11])
        #expect(afterGap.frames.isEmpty)
        #expect(push(first[1], at: 5).frames.count == 1, "the retransmission completes the key frame")
        #expect(push(second[0], at: 66).frames.isEmpty)
        // second[1] (seq 14) is lost for good.
        let late = push(third[0], at: 133)
        #expect(late.missing == [14])
        #expect(late.frames.isEmpty, "held: the gap may still be filled")
        let given = push(third[0], at: 240)
        #expect(given.frames.count == 1)
        #expect(given.frames.first?.isContinuous == false)
        #expect(push(second[1], at: 250).frames.isEmpty, "packets older than an emitted frame are dropped")
    }

    /// The held frame and the one before it come out in order, continuous, once the
    /// retransmission arrives within `maxWait`.
    @Test func retransmissionWithinTheWaitKeepsFramesContinuous() throws {
        var packetizer = VP8Packetizer(ssrc: 1, payloadType: 96, maxPayloadSize: 200, firstSequenceNumber: 65_534)
        let key = try packetizer.packetize(Self.frame(size: 150, key: true), timestamp: 0)     // 65534
        let lost = try packetizer.packetize(Self.frame(size: 300, key: false), timestamp: 3000) // 65535, 0
        let next = try packetizer.packetize(Self.frame(size: 100, key: false), timestamp: 6000) // 1
        var depacketizer = VP8Depacketizer(maxWait: .milliseconds(100))
        func push(_ packet: RTPPacket, at ms: Int64) -> [DepacketizedVideoFrame] {
            depacketizer.push(sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp, marker: packet.marker,
                              payload: packet.payload[...], arrival: MonotonicTime(nanoseconds: ms * 1_000_000)).frames
        }
        #expect(push(key[0], at: 0).count == 1)
        #expect(push(lost[0], at: 66).isEmpty)
        #expect(push(next[0], at: 133).isEmpty, "waits for sequence number 0")
        let recovered = push(lost[1], at: 150)
        #expect(recovered.map(\.timestamp) == [3000, 6000])
        #expect(recovered.allSatisfy { $0.isContinuous })
    }

    /// A key frame needs nothing before it: it goes out at once, and the frame it overtook is dropped.
    @Test func keyFrameAfterAGapIsNotHeld() throws {
        var packetizer = VP8Packetizer(ssrc: 1, payloadType: 96, maxPayloadSize: 200, firstSequenceNumber: 1)
        let first = try packetizer.packetize(Self.frame(size: 100, key: true), timestamp: 0)    // 1
        let lost = try packetizer.packetize(Self.frame(size: 100, key: false), timestamp: 3000) // 2
        let key = try packetizer.packetize(Self.frame(size: 100, key: true), timestamp: 6000)   // 3
        var depacketizer = VP8Depacketizer()
        func push(_ packet: RTPPacket) -> [DepacketizedVideoFrame] {
            depacketizer.push(sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp, marker: packet.marker,
                              payload: packet.payload[...], arrival: .zero).frames
        }
        #expect(push(first[0]).count == 1)
        let output = push(key[0])
        #expect(output.count == 1 && output.first?.isKeyFrame == true && output.first?.isContinuous == false)
        #expect(push(lost[0]).isEmpty)
    }

    @Test func malformedPayloadIsCountedNotTrapped() {
        var depacketizer = VP8Depacketizer()
        let output = depacketizer.push(sequenceNumber: 1, timestamp: 0, marker: true, payload: [0x80][...], arrival: .zero)
        #expect(output.frames.isEmpty)
        #expect(depacketizer.malformed == 1)
    }

    @Test func opusPacketizerAdvancesTimeThroughMute() {
        var packetizer = OpusPacketizer(ssrc: 7, payloadType: 111, firstSequenceNumber: 65_535, firstTimestamp: 100)
        let a = packetizer.packetize([1, 2, 3])
        let b = packetizer.packetize([4])
        packetizer.skip()
        let c = packetizer.packetize([5])
        #expect(a.marker && !b.marker && c.marker)
        #expect([a.sequenceNumber, b.sequenceNumber, c.sequenceNumber] == [65_535, 0, 1])
        #expect([a.timestamp, b.timestamp, c.timestamp] == [100, 1060, 2980])
    }
}
