import BeepRTP
import BeepWire
import Testing

/// Real decrypted RTP sent by Chromium, from `Fixtures/rtp/*.hex` (see `Fixtures/README.md`
/// and each file's `#` header, which names the payload types, SSRCs, extension ids and MIDs
/// negotiated in the session's SDP). Fails, never skips, when no capture exists.
@Suite("Chromium RTP capture (Fixtures/rtp)")
struct ChromiumRTPCaptureTests {
    @Test("Every capture's header names opus/VP8/RTX payload types, SSRCs, extmaps and MIDs, and it has packets")
    func headers() throws {
        for capture in try ChromiumRTPCapture.all() {
            for stream in ["opus", "vp8", "rtx"] {
                _ = try capture.payloadType(stream)
                _ = try capture.ssrc(stream)
            }
            for media in ["audio", "video"] {
                #expect(capture.extmaps[media]?.isEmpty == false, "\(capture.name): no extmap for \(media)")
                #expect(capture.mids[media] != nil, "\(capture.name): no mid for \(media)")
            }
            #expect(!capture.packets.isEmpty, "\(capture.name): no packets")
        }
    }

    @Test("RFC 3550 §5.1: every captured packet parses as a view and as a packet and re-serialises byte-equal")
    func roundTrip() throws {
        var count = 0
        for capture in try ChromiumRTPCapture.all() {
            for packet in capture.packets {
                let view = try RTPHeaderView(parsing: packet.bytes)
                let parsed = try RTPPacket(parsing: packet.bytes)
                #expect(try parsed.serialized() == packet.bytes, "\(packet.origin)")
                #expect(view.packetLength == packet.bytes.count, "\(packet.origin)")
                #expect(parsed.payload.count == view.payloadLength, "\(packet.origin)")
                #expect(parsed.paddingLength == view.paddingLength, "\(packet.origin)")
                #expect(parsed.sequenceNumber == view.sequenceNumber && parsed.ssrc == view.ssrc
                        && parsed.timestamp == view.timestamp && parsed.marker == view.marker, "\(packet.origin)")
                count += 1
            }
        }
        #expect(count > 0)
    }

    @Test("RFC 3550 §5.1, RFC 4588 §8: payload types are those negotiated and each belongs to its own SSRC")
    func payloadTypesAndSSRCs() throws {
        for capture in try ChromiumRTPCapture.all() {
            let streamOfPayloadType = Dictionary(uniqueKeysWithValues: capture.payloadTypes.map { ($0.value, $0.key) })
            var seen: [String: Int] = [:]
            for packet in capture.packets {
                let view = try RTPHeaderView(parsing: packet.bytes)
                guard let stream = streamOfPayloadType[view.payloadType] else {
                    Issue.record("\(packet.origin): payload type \(view.payloadType) not in the header")
                    continue
                }
                #expect(view.ssrc == (try capture.ssrc(stream)), "\(packet.origin): \(stream) on SSRC \(view.ssrc)")
                seen[stream, default: 0] += 1
            }
            for stream in ["opus", "vp8", "rtx"] {
                #expect(seen[stream, default: 0] > 0, "\(capture.name): no \(stream) packet")
            }
        }
    }

    @Test("RFC 3550 §5.1: sequence numbers increase per SSRC, without gaps for Opus and VP8 (first packets kept)")
    func sequenceNumbers() throws {
        for capture in try ChromiumRTPCapture.all() {
            var last: [UInt32: UInt16] = [:]
            let gapless: Set<UInt32> = [try capture.ssrc("opus"), try capture.ssrc("vp8")]
            for packet in capture.packets {
                let view = try RTPHeaderView(parsing: packet.bytes)
                if let previous = last[view.ssrc] {
                    let delta = view.sequenceNumber &- previous
                    if gapless.contains(view.ssrc) {
                        #expect(delta == 1, "\(packet.origin): sequence number jumps by \(delta)")
                    } else {
                        #expect(delta > 0 && delta < 0x8000, "\(packet.origin): sequence number goes back")
                    }
                }
                last[view.ssrc] = view.sequenceNumber
            }
        }
    }

    @Test("RFC 8285 §4.2, RFC 6464 §3, RFC 8843 §15: extension ids are negotiated ones; audio level, abs-send-time, transport-wide seq and MID resolve")
    func headerExtensions() throws {
        for capture in try ChromiumRTPCapture.all() {
            let audioMap = try capture.extensionMap("audio")
            let videoMap = try capture.extensionMap("video")
            var firstOfSSRC: Set<UInt32> = []
            var lastTransportWide: UInt16?
            for packet in capture.packets {
                let view = try RTPHeaderView(parsing: packet.bytes)
                let media = capture.media(of: view.payloadType)
                let map = media == "audio" ? audioMap : videoMap
                let negotiated = capture.extmaps[media] ?? [:]
                for element in try RTPPacket(parsing: packet.bytes).headerExtension?.elements() ?? [] {
                    #expect(negotiated[element.id] != nil, "\(packet.origin): extension id \(element.id) not negotiated for \(media)")
                }
                if media == "audio" {
                    #expect(view.audioLevel(in: packet.bytes, map: audioMap) != nil, "\(packet.origin): no audio level")
                } else {
                    #expect(view.absSendTime(in: packet.bytes, map: videoMap) != nil, "\(packet.origin): no abs-send-time")
                    if videoMap.id(for: .transportWideSequenceNumber) != nil {
                        let sequence = view.transportWideSequenceNumber(in: packet.bytes, map: videoMap)
                        #expect(sequence != nil, "\(packet.origin): no transport-wide sequence number")
                        if let sequence, let previous = lastTransportWide {
                            let delta = sequence &- previous
                            #expect(delta > 0 && delta < 0x8000, "\(packet.origin): transport-wide seq \(previous) -> \(sequence)")
                        }
                        lastTransportWide = sequence ?? lastTransportWide
                    }
                }
                let mid = view.sdesValue(.mid, in: packet.bytes, map: map)
                if let mid { #expect(mid == capture.mids[media], "\(packet.origin): MID \(mid)") }
                if firstOfSSRC.insert(view.ssrc).inserted {
                    #expect(mid != nil, "\(packet.origin): first packet of SSRC \(view.ssrc) carries no MID")
                }
            }
            if videoMap.id(for: .transportWideSequenceNumber) != nil {
                #expect(lastTransportWide != nil, "\(capture.name): transport-cc negotiated but never seen")
            }
        }
    }

    @Test("RFC 7587 §4.2, RFC 6716 §3.4: every Opus payload is valid and the timestamp advances by its duration")
    func opus() throws {
        for capture in try ChromiumRTPCapture.all() {
            let packets = try capture.packets(of: "opus")
            #expect(!packets.isEmpty, "\(capture.name): no Opus packet")
            var previous: (sequenceNumber: UInt16, timestamp: UInt32, duration: Int)?
            for packet in packets {
                let payload = Array(packet.bytes[packet.view.payloadRange])
                let opus = try OpusPacket(parsing: payload)
                let validated = try OpusPacket.validate(payload)
                #expect(validated.frameCount == opus.frameCount, "\(packet.origin)")
                #expect(opus.durationSamples > 0, "\(packet.origin)")
                if let previous, packet.view.sequenceNumber == previous.sequenceNumber &+ 1 {
                    // RFC 7587 §4.1: the RTP clock is 48 kHz whatever the coded bandwidth.
                    #expect(Int(packet.view.timestamp &- previous.timestamp) == previous.duration, "\(packet.origin)")
                }
                previous = (packet.view.sequenceNumber, packet.view.timestamp, opus.durationSamples)
            }
        }
    }

    @Test("RFC 7741 §4.2: VP8 descriptors parse; a frame's packets share timestamp and PictureID, which increases across frames")
    func vp8Descriptors() throws {
        for capture in try ChromiumRTPCapture.all() {
            let packets = try capture.packets(of: "vp8")
            #expect(!packets.isEmpty, "\(capture.name): no VP8 packet")
            var frame: (timestamp: UInt32, pictureID: VP8PayloadDescriptor.PictureID, lastMarker: Bool)?
            var frames = 0
            for packet in packets {
                let (descriptor, offset) = try VP8PayloadDescriptor.parse(packet.bytes[packet.view.payloadRange])
                #expect(offset < packet.view.payloadLength, "\(packet.origin): no VP8 data after the descriptor")
                let pictureID = try #require(descriptor.pictureID, "\(packet.origin): no PictureID")
                if let current = frame, current.timestamp == packet.view.timestamp {
                    #expect(pictureID == current.pictureID, "\(packet.origin): PictureID changes inside a frame")
                    #expect(!descriptor.isStartOfFrame, "\(packet.origin): second start of frame")
                    #expect(!current.lastMarker, "\(packet.origin): packet after the marker of its frame")
                } else {
                    #expect(descriptor.isStartOfFrame, "\(packet.origin): new frame without S=1, PID=0")
                    if let current = frame {
                        #expect(current.lastMarker, "\(packet.origin): previous frame ended without a marker")
                        #expect(Self.advances(from: current.pictureID, to: pictureID),
                                "\(packet.origin): PictureID \(current.pictureID.value) -> \(pictureID.value)")
                    }
                    frames += 1
                }
                frame = (packet.view.timestamp, pictureID, packet.view.marker)
            }
            #expect(frames > 1, "\(capture.name): fewer than two VP8 frames")
        }
    }

    @Test("RFC 7741 §4.3, RFC 6386 §9.1: the first VP8 frame is a key frame with plausible dimensions")
    func vp8KeyFrames() throws {
        for capture in try ChromiumRTPCapture.all() {
            var keyFrames: [VP8PayloadHeader.Dimensions] = []
            for (index, packet) in try capture.packets(of: "vp8").enumerated() {
                let payload = packet.bytes[packet.view.payloadRange]
                let (descriptor, offset) = try VP8PayloadDescriptor.parse(payload)
                let isKey = VP8PayloadHeader.isKeyFrame(rtpPayload: payload)
                guard descriptor.isStartOfFrame else {
                    #expect(!isKey, "\(packet.origin): key frame reported mid-frame")
                    continue
                }
                let header = try VP8PayloadHeader(parsing: payload.dropFirst(offset))
                #expect(header.isKeyFrame == isKey, "\(packet.origin)")
                if index == 0 { #expect(isKey, "\(packet.origin): the first VP8 frame is not a key frame") }
                if isKey {
                    let dimensions = try #require(header.dimensions, "\(packet.origin): key frame without dimensions")
                    #expect(dimensions.width > 0 && dimensions.width <= 4096
                            && dimensions.height > 0 && dimensions.height <= 4096,
                            "\(packet.origin): \(dimensions.width)x\(dimensions.height)")
                    keyFrames.append(dimensions)
                }
            }
            #expect(!keyFrames.isEmpty, "\(capture.name): no VP8 key frame")
        }
    }

    @Test("RFC 4588 §4: RTX packets unwrap to the VP8 stream and repairs carry their original's payload")
    func rtx() throws {
        for capture in try ChromiumRTPCapture.all() {
            let vp8SSRC = try capture.ssrc("vp8")
            let vp8PayloadType = try capture.payloadType("vp8")
            var originals: [UInt16: [UInt8]] = [:]
            for packet in try capture.packets(of: "vp8") { originals[packet.view.sequenceNumber] = packet.bytes }
            var repairs = 0
            var matched = 0
            for packet in try capture.packets(of: "rtx") {
                let unwrapped = try RTX.unwrap(bytes: packet.bytes, originalSSRC: vp8SSRC, originalPayloadType: vp8PayloadType)
                guard let unwrapped else {
                    // A bandwidth probe: padding only (RFC 4588 §4 allows an empty payload).
                    #expect(RTX.isPaddingOnly(packet.view) && packet.view.hasPadding, "\(packet.origin)")
                    continue
                }
                repairs += 1
                let osn = try #require(RTX.originalSequenceNumber(packet.view, in: packet.bytes), "\(packet.origin)")
                let restored = try RTPPacket(parsing: unwrapped)
                #expect(restored.ssrc == vp8SSRC && restored.payloadType == vp8PayloadType, "\(packet.origin)")
                #expect(restored.sequenceNumber == osn && restored.timestamp == packet.view.timestamp, "\(packet.origin)")
                _ = try VP8PayloadDescriptor.parse(restored.payload)
                if let originalBytes = originals[osn] {
                    let original = try RTPPacket(parsing: originalBytes)
                    #expect(restored.payload == original.payload, "\(packet.origin): payload differs from seq \(osn)")
                    #expect(restored.timestamp == original.timestamp && restored.marker == original.marker, "\(packet.origin)")
                    matched += 1
                }
            }
            #expect(repairs > 0, "\(capture.name): no RTX packet with a payload")
            #expect(matched > 0, "\(capture.name): no RTX repair of a packet in the file")
        }
    }

    /// True when `next` follows `previous` in PictureID order at the same width: a forward
    /// distance of less than half the 7- or 15-bit space (RFC 7741 §4.2, wrap-safe).
    static func advances(from previous: VP8PayloadDescriptor.PictureID, to next: VP8PayloadDescriptor.PictureID) -> Bool {
        switch (previous, next) {
        case (.long(let a), .long(let b)):
            let distance = (b &- a) & 0x7FFF
            return distance > 0 && distance < 0x4000
        case (.short(let a), .short(let b)):
            let distance = (b &- a) & 0x7F
            return distance > 0 && distance < 0x40
        default:
            return false
        }
    }
}
