import BeepRTP
import BeepSFU
import BeepWire

/// A VP8 simulcast publisher for forwarder tests: three encodings with their own SSRCs,
/// sequence numbers, timestamps, 15-bit PictureIDs and TL0PICIDX, 30 fps, two packets per
/// frame, temporal pattern TID 0,2,1,2 (L1T3) with the layer sync bit on the frames that only
/// reference TID 0. The payload's last byte tags the encoding so tests see what was forwarded.
struct SimulcastTestPublisher {
    static let ssrcs: [UInt32] = [0xA0, 0xA1, 0xA2]
    static let payloadType: UInt8 = 96
    static let temporalPattern: [UInt8] = [0, 2, 1, 2]
    static let syncPattern: [Bool] = [false, true, true, false]
    static let rids = ["q", "h", "f"]
    static let mid = "1"
    static let midID: UInt8 = 4
    static let ridID: UInt8 = 10

    /// The publisher's (and subscriber's) extension map: mid and rid (RFC 8852 §3).
    static var extensions: RTPHeaderExtensionMap {
        var map = RTPHeaderExtensionMap()
        try? map.register(id: midID, for: .mid)
        try? map.register(id: ridID, for: .rtpStreamID)
        return map
    }

    var sequence: [UInt16] = [65_500, 1_000, 30_000]  // encoding 0 wraps during a test
    var timestamp: [UInt32] = [4_294_900_000, 123_456, 777_777]
    var pictureID: [UInt16] = [32_700, 100, 5_000]  // encoding 0 wraps 15 bits
    var tl0: [UInt8] = [250, 10, 77]
    var frameIndex = 0

    /// The two packets of frame `frameIndex` of every encoding; `keyFrames` lists the
    /// encodings that send a key frame (TID 0, pattern restarts) this time.
    mutating func nextFrame(keyFrames: Set<Int> = [], ridAndMid: Bool = false) -> [(spatial: Int, packets: [[UInt8]])] {
        defer { frameIndex += 1 }
        var frames: [(Int, [[UInt8]])] = []
        for spatial in 0..<3 {
            let position = frameIndex % 4
            let isKey = keyFrames.contains(spatial)
            let tid = isKey ? 0 : Self.temporalPattern[position]
            if tid == 0 { tl0[spatial] &+= 1 }
            var packets: [[UInt8]] = []
            for part in 0..<2 {
                let descriptor = VP8PayloadDescriptor(
                    startOfPartition: part == 0, pictureID: .long(pictureID[spatial]), tl0PicIdx: tl0[spatial],
                    temporalLayerIndex: tid, layerSync: !isKey && Self.syncPattern[position])
                let header: [UInt8] = part == 0
                    ? VP8PayloadHeader(isKeyFrame: isKey, firstPartitionSize: 50,
                                       dimensions: isKey ? .init(width: 320 << spatial, height: 180 << spatial) : nil).bytes
                    : [0xAA, 0xBB, 0xCC]
                let elements = [
                    RTPHeaderExtensionElement(id: Self.midID, data: Array(Self.mid.utf8)),
                    RTPHeaderExtensionElement(id: Self.ridID, data: Array(Self.rids[spatial].utf8)),
                ]
                let packet = RTPPacket(marker: part == 1, payloadType: Self.payloadType, sequenceNumber: sequence[spatial],
                                       timestamp: timestamp[spatial], ssrc: Self.ssrcs[spatial],
                                       headerExtension: ridAndMid ? try? RTPHeaderExtension(elements: elements) : nil,
                                       payload: descriptor.bytes + header + [0x55, UInt8(spatial)])
                sequence[spatial] &+= 1
                packets.append((try? packet.serialized()) ?? [])
            }
            pictureID[spatial] = (pictureID[spatial] &+ 1) & 0x7FFF
            timestamp[spatial] &+= 3000
            frames.append((spatial, packets))
        }
        return frames
    }
}

/// What a subscriber decodes from the forwarded packets, for continuity checks.
struct ForwardedPacket {
    let sequenceNumber: UInt16
    let timestamp: UInt32
    let ssrc: UInt32
    let payloadType: UInt8
    let descriptor: VP8PayloadDescriptor
    let isKeyFrame: Bool
    let spatial: Int

    init?(_ bytes: [UInt8]) {
        guard let view = try? RTPHeaderView(parsing: bytes), bytes.count >= view.payloadRange.upperBound,
              let parsed = try? VP8PayloadDescriptor.parse(bytes[view.payloadRange]),
              let tag = bytes[view.payloadRange].last else { return nil }
        sequenceNumber = view.sequenceNumber
        timestamp = view.timestamp
        ssrc = view.ssrc
        payloadType = view.payloadType
        descriptor = parsed.descriptor
        isKeyFrame = VP8PayloadHeader.isKeyFrame(rtpPayload: bytes[view.payloadRange])
        spatial = Int(tag)
    }
}
