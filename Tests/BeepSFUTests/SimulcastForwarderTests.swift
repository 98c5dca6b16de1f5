import BeepRTP
import BeepSFU
import BeepWire
import Testing

/// Simulcast forwarding to one subscriber: switches only at key frames (RFC 7741 §4.3),
/// temporal layer dropping (RFC 7741 §4.2 TID/Y), and a continuous output stream
/// (RFC 3550 §5.1, RFC 7667 §3.7): sequence numbers without holes, PictureID +1 per frame,
/// TL0PICIDX +1 per base-layer frame.
@Suite("Simulcast forwarder (RFC 7741 §4.2-4.3, RFC 3550 §5.1, RFC 7667 §3.7)")
struct SimulcastForwarderTests {
    /// Runs `frames` frames through the forwarder; `step(frame)` may change the target
    /// and choose key frames before each frame is sent.
    static func run(_ forwarder: inout SimulcastForwarder, publisher: inout SimulcastTestPublisher, frames: Int,
                    step: (Int, inout SimulcastForwarder) -> Set<Int>) -> [ForwardedPacket] {
        var output: [ForwardedPacket] = []
        for frame in 0..<frames {
            let keyFrames = step(frame, &forwarder)
            let now = MonotonicTime(nanoseconds: Int64(publisher.frameIndex) * 33_333_333)
            for (spatial, packets) in publisher.nextFrame(keyFrames: keyFrames) {
                for packet in packets {
                    if let bytes = forwarder.forward(packet, spatialLayer: spatial, now: now),
                       let parsed = ForwardedPacket(bytes) {
                        output.append(parsed)
                    }
                }
            }
        }
        return output
    }

    /// Checks what a decoder needs: consecutive sequence numbers, non-decreasing timestamps,
    /// PictureID +1 at each new frame, TL0PICIDX +1 at each new TID 0 frame.
    static func expectContinuous(_ packets: [ForwardedPacket], sourceLocation: SourceLocation = #_sourceLocation) {
        for (previous, packet) in zip(packets, packets.dropFirst()) {
            #expect(packet.sequenceNumber == previous.sequenceNumber &+ 1, sourceLocation: sourceLocation)
            #expect(SequenceArithmetic.isNewer(packet.timestamp, than: previous.timestamp)
                || packet.timestamp == previous.timestamp, sourceLocation: sourceLocation)
            let previousID = previous.descriptor.pictureID?.value ?? 0
            let id = packet.descriptor.pictureID?.value ?? 0
            if packet.descriptor.isStartOfFrame {
                #expect(id == (previousID &+ 1) & 0x7FFF, sourceLocation: sourceLocation)
                if packet.descriptor.temporalLayerIndex == 0 {
                    #expect(packet.descriptor.tl0PicIdx == previous.descriptor.tl0PicIdx.map { $0 &+ 1 },
                            sourceLocation: sourceLocation)
                } else {
                    #expect(packet.descriptor.tl0PicIdx == previous.descriptor.tl0PicIdx, sourceLocation: sourceLocation)
                }
            } else {
                #expect(id == previousID, sourceLocation: sourceLocation)
                #expect(packet.timestamp == previous.timestamp, sourceLocation: sourceLocation)
            }
        }
    }

    @Test("RFC 7741 §4.3: a spatial switch waits for a key frame of the target encoding; output stays continuous")
    func switchAtKeyFrame() {
        var forwarder = SimulcastForwarder(ssrc: 0xC0FFEE, payloadType: 100)
        var publisher = SimulcastTestPublisher()
        forwarder.setTarget(SimulcastLayer(spatial: 0, temporal: 2))
        #expect(forwarder.keyFrameNeeded == 0)
        var neededDuringWait: [Int?] = []
        let output = Self.run(&forwarder, publisher: &publisher, frames: 40) { frame, forwarder in
            switch frame {
            case 2: return [0]
            case 10:
                forwarder.setTarget(SimulcastLayer(spatial: 2, temporal: 2))
                return []
            case 15:
                neededDuringWait.append(forwarder.keyFrameNeeded)
                return [1]  // a key frame of another encoding does not switch
            case 20: return [2]
            case 30:
                forwarder.setTarget(SimulcastLayer(spatial: 1, temporal: 2))
                return []
            case 33: return [1]
            default: return []
            }
        }
        #expect(neededDuringWait == [2])
        #expect(output.first?.isKeyFrame == true)
        let rewritten = output.allSatisfy { $0.ssrc == 0xC0FFEE && $0.payloadType == 100 }
        #expect(rewritten)
        // Frames 2...20 from encoding 0 (frame 20 of encoding 0 is sent before encoding 2's
        // key frame of the same instant), 20...29 from 2, then while the switch down to 1 waits
        // for its key frame only encoding 2's base layer (frame 32; 30 and 31 are TID 1 and 2),
        // 33... from 1; 2 packets per frame.
        let spatialByFrame = stride(from: 0, to: output.count, by: 2).map { output[$0].spatial }
        #expect(spatialByFrame == Array(repeating: 0, count: 19) + Array(repeating: 2, count: 11)
            + Array(repeating: 1, count: 7))
        let switches = zip(output, output.dropFirst()).filter { $0.spatial != $1.spatial }.map(\.1)
        #expect(switches.count == 2)
        #expect(switches.allSatisfy { $0.isKeyFrame })
        #expect(forwarder.spatialSwitches == 3)
        #expect(forwarder.keyFrameNeeded == nil)
        Self.expectContinuous(output)
    }

    @Test("RFC 7741 §4.3: a switch down dropping the current encoding, called off before the lower key frame, restarts the current encoding at its next key frame")
    func switchDownCalledOff() {
        var forwarder = SimulcastForwarder(ssrc: 9, payloadType: 96)
        var publisher = SimulcastTestPublisher()
        var needed: [Int?] = []
        let output = Self.run(&forwarder, publisher: &publisher, frames: 30) { frame, forwarder in
            switch frame {
            case 0:
                forwarder.setTarget(SimulcastLayer(spatial: 2, temporal: 2))
                return [2]
            case 10:
                forwarder.setTarget(SimulcastLayer(spatial: 0, temporal: 2), droppingCurrent: true)  // no key frame of 0 comes
                return []
            case 15:
                forwarder.setTarget(SimulcastLayer(spatial: 2, temporal: 2))  // called off
                needed.append(forwarder.keyFrameNeeded)
                return []
            case 20: return [2]
            default: return []
            }
        }
        // Frames 0-9 of encoding 2, none while the switch down waited or until encoding 2's
        // next key frame (frame 20), then 20-29: 2 packets per frame.
        #expect(needed == [2])
        #expect(output.count == 40 && output.allSatisfy { $0.spatial == 2 })
        #expect(output[20].isKeyFrame)
        #expect(forwarder.currentLayer == SimulcastLayer(spatial: 2, temporal: 2))
        Self.expectContinuous(output)
    }

    @Test("RFC 7741 §4.2: only TID ≤ target is forwarded, with continuous sequence numbers and PictureIDs")
    func temporalDropping() {
        var forwarder = SimulcastForwarder(ssrc: 7, payloadType: 96)
        var publisher = SimulcastTestPublisher()
        var tidsAfterRaise: [UInt8] = []
        let output = Self.run(&forwarder, publisher: &publisher, frames: 40) { frame, forwarder in
            switch frame {
            case 0:
                forwarder.setTarget(SimulcastLayer(spatial: 1, temporal: 0))
                return [1]
            case 20:
                forwarder.setTarget(SimulcastLayer(spatial: 1, temporal: 2))
                return []
            default: return []
            }
        }
        let beforeRaise = output.prefix { $0.descriptor.temporalLayerIndex == 0 }
        // Frames 0, 4, ..., 20 are TID 0 (frame 0 is the key frame): 6 frames, 12 packets.
        #expect(beforeRaise.count == 12)
        tidsAfterRaise = output.dropFirst(beforeRaise.count).filter(\.descriptor.isStartOfFrame)
            .compactMap(\.descriptor.temporalLayerIndex)
        // Frame 21 is TID 2 with Y: from then on every frame goes through.
        #expect(tidsAfterRaise == Array(Array(repeating: [2, 1, 2, 0], count: 5).joined().dropLast(1)))
        #expect(forwarder.temporalDrops == 30)
        Self.expectContinuous(output)
    }

    @Test("RFC 7741 §4.2: a raise waits for a layer sync frame; a TID 2 frame without Y is not forwarded")
    func temporalRaiseNeedsSync() {
        var forwarder = SimulcastForwarder(ssrc: 7, payloadType: 96)
        var publisher = SimulcastTestPublisher()
        let output = Self.run(&forwarder, publisher: &publisher, frames: 12) { frame, forwarder in
            if frame == 0 { forwarder.setTarget(SimulcastLayer(spatial: 0, temporal: 0)); return [0] }
            // Frame 7 is TID 2 without Y, frame 8 TID 0, frame 9 TID 2 with Y.
            if frame == 7 { forwarder.setTarget(SimulcastLayer(spatial: 0, temporal: 2)) }
            return []
        }
        let tids = output.filter(\.descriptor.isStartOfFrame).compactMap(\.descriptor.temporalLayerIndex)
        #expect(tids == [0, 0, 0, 2, 1, 2])
        Self.expectContinuous(output)
    }

    @Test("RFC 3550 §5.1: pause then resume continues the sequence and waits for a key frame")
    func pauseAndResume() {
        var forwarder = SimulcastForwarder(ssrc: 9, payloadType: 96)
        var publisher = SimulcastTestPublisher()
        let output = Self.run(&forwarder, publisher: &publisher, frames: 30) { frame, forwarder in
            switch frame {
            case 0:
                forwarder.setTarget(SimulcastLayer(spatial: 2, temporal: 2))
                return [2]
            case 8:
                forwarder.setTarget(nil)
                return []
            case 16:
                forwarder.setTarget(SimulcastLayer(spatial: 0, temporal: 2))
                return []
            case 22: return [0]
            default: return []
            }
        }
        #expect(output.count == 16 + 16)
        #expect(output[16].isKeyFrame && output[16].spatial == 0)
        #expect(output[16].timestamp &- output[15].timestamp >= 14 * 3000)
        Self.expectContinuous(output)
    }

    @Test("RFC 4588 §4: a retransmitted packet maps to the same output sequence number")
    func retransmissionMapsAlike() throws {
        var forwarder = SimulcastForwarder(ssrc: 9, payloadType: 96)
        var publisher = SimulcastTestPublisher()
        forwarder.setTarget(SimulcastLayer(spatial: 1, temporal: 0))
        var sent: [[UInt8]] = []
        for frame in 0..<8 {
            for (spatial, packets) in publisher.nextFrame(keyFrames: frame == 0 ? [1] : []) where spatial == 1 {
                for packet in packets {
                    _ = forwarder.forward(packet, spatialLayer: 1, now: .zero)
                    sent.append(packet)
                }
            }
        }
        let original = try #require(sent.first)
        let again = forwarder.forward(original, spatialLayer: 1, now: .zero)
        #expect(again.flatMap(ForwardedPacket.init)?.sequenceNumber == 1_000)
        let dropped = sent[2]  // frame 1 is TID 2: still not forwarded on retransmission
        let droppedAgain = forwarder.forward(dropped, spatialLayer: 1, now: .zero)
        #expect(droppedAgain == nil)
        let malformed = forwarder.forward([0x80, 0x60], spatialLayer: 1, now: .zero)
        #expect(malformed == nil)
    }
}
