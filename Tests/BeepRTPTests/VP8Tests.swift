import BeepRTP
import BeepWire
import Testing

@Suite("VP8 payload descriptor and header (RFC 7741 §4.2, §4.3)")
struct VP8Tests {
    /// Every combination of the optional descriptor fields, with 7- and 15-bit PictureIDs.
    static let descriptors: [VP8PayloadDescriptor] = {
        var all: [VP8PayloadDescriptor] = []
        let pictureIDs: [VP8PayloadDescriptor.PictureID?] = [nil, .short(0), .short(127), .long(128), .long(0x7FFF)]
        for pictureID in pictureIDs {
            for tl0 in [nil, UInt8(0), 255] {
                for tid in [nil, UInt8(0), 3] {
                    for key in [nil, UInt8(0), 31] {
                        for flags in 0..<4 {
                            all.append(VP8PayloadDescriptor(
                                nonReference: flags & 1 != 0, startOfPartition: flags & 2 != 0,
                                partitionIndex: UInt8(flags * 2 + 1) & 7, pictureID: pictureID, tl0PicIdx: tl0,
                                temporalLayerIndex: tid, layerSync: tid == 3, keyIndex: key))
                        }
                    }
                }
            }
        }
        return all
    }()

    @Test("RFC 7741 §4.2: build -> parse -> equal for all option combinations")
    func roundTripsAllCombinations() throws {
        for descriptor in Self.descriptors {
            let bytes = descriptor.bytes
            let parsed = try VP8PayloadDescriptor.parse(bytes + [0x55])
            #expect(parsed.descriptor == descriptor)
            #expect(parsed.payloadOffset == bytes.count)
            #expect(parsed.descriptor.bytes == bytes)
        }
    }

    @Test("RFC 7741 §4.2: hand-assembled descriptor X=1 S=1 I L T K with a 15-bit PictureID")
    func parsesFullDescriptor() throws {
        // 90 = X S, PID 0; f0 = I L T K; 92 34 = M + PictureID 0x1234; 07 = TL0PICIDX;
        // 6b = TID 1, Y 1, KEYIDX 11.
        let (descriptor, offset) = try VP8PayloadDescriptor.parse(try hex("90 f0 92 34 07 6b 10 12 00"))
        #expect(offset == 6)
        #expect(descriptor.startOfPartition && descriptor.partitionIndex == 0 && !descriptor.nonReference)
        #expect(descriptor.pictureID == .long(0x1234))
        #expect(descriptor.tl0PicIdx == 7)
        #expect(descriptor.temporalLayerIndex == 1)
        #expect(descriptor.layerSync)
        #expect(descriptor.keyIndex == 11)
        #expect(descriptor.isStartOfFrame)
    }

    @Test("RFC 7741 §4.2: X=1 with no extension fields parses; K alone ignores TID and Y")
    func parsesEdgeFlags() throws {
        let (empty, emptyOffset) = try VP8PayloadDescriptor.parse(try hex("80 00"))
        #expect(emptyOffset == 2)
        #expect(empty == VP8PayloadDescriptor(startOfPartition: false))
        let (keyOnly, _) = try VP8PayloadDescriptor.parse(try hex("80 10 e5"))
        #expect(keyOnly.keyIndex == 5)
        #expect(keyOnly.temporalLayerIndex == nil)
        #expect(!keyOnly.layerSync)
    }

    @Test("RFC 7741 §4.2: in-place PictureID / TL0PICIDX rewrite keeps the 7- or 15-bit width")
    func rewritesInPlace() throws {
        var long = try hex("90 c0 80 05 07 aa")
        try VP8PayloadDescriptor.rewrite(in: &long, pictureID: 0x8123, tl0PicIdx: 200)
        #expect(long == (try hex("90 c0 81 23 c8 aa")))
        #expect(try VP8PayloadDescriptor.parse(long).descriptor.pictureID == .long(0x0123))

        var short = try hex("90 80 05 aa")
        try VP8PayloadDescriptor.rewrite(in: &short, pictureID: 0x1FF)
        #expect(short == (try hex("90 80 7f aa")))
        #expect(VP8PayloadDescriptor.PictureID.short(5).withValue(0x1FF) == .short(0x7F))
        #expect(VP8PayloadDescriptor.PictureID.long(5).withValue(0xFFFF) == .long(0x7FFF))

        var noTL0 = short
        let error = #expect(throws: WireError.self) { try VP8PayloadDescriptor.rewrite(in: &noTL0, tl0PicIdx: 1) }
        #expect(error?.code == .unsupported)
        #expect(noTL0 == short)
    }

    @Test("RFC 7741 §4.3: real libvpx 320x240 key frame header (P=0, start code, dimensions)")
    func keyFrameFromLibvpx() throws {
        // First 10 bytes of a key frame from libvpx 1.12 (vpx_codec_encode, 320x240, I420 grey).
        let frame = try hex("10 12 00 9d 01 2a 40 01 f0 00")
        let header = try VP8PayloadHeader(parsing: frame)
        #expect(header.isKeyFrame)
        #expect(header.showFrame)
        #expect(header.version == 0)
        #expect(header.firstPartitionSize == 144)
        #expect(header.dimensions == VP8PayloadHeader.Dimensions(width: 320, height: 240))
        #expect(header.bytes == frame)
        let payload = try hex("90 80 05") + frame
        #expect(VP8PayloadHeader.isKeyFrame(rtpPayload: payload))
        #expect(VP8PayloadHeader.isKeyFrame(rtpPayload: [0x10] + frame))
    }

    @Test("RFC 7741 §4.3: real libvpx inter frame (P=1) and continuation packets are not key frames")
    func interFrameFromLibvpx() throws {
        // First 3 bytes of the following inter frame from the same libvpx encoder.
        let frame = try hex("71 0a 00")
        let header = try VP8PayloadHeader(parsing: frame)
        #expect(!header.isKeyFrame)
        #expect(header.firstPartitionSize == 83)
        #expect(header.dimensions == nil)
        #expect(!VP8PayloadHeader.isKeyFrame(rtpPayload: [0x10] + frame))
        // S=0 (continuation) or PID=1 packets never count, whatever their first byte.
        #expect(!VP8PayloadHeader.isKeyFrame(rtpPayload: try hex("00 10 12 00")))
        #expect(!VP8PayloadHeader.isKeyFrame(rtpPayload: try hex("11 10 12 00")))
        #expect(!VP8PayloadHeader.isKeyFrame(rtpPayload: [0x10]))
        #expect(!VP8PayloadHeader.isKeyFrame(rtpPayload: [UInt8]()))
    }

    @Test("RFC 7741 §4.3: payload header build -> parse -> equal")
    func payloadHeaderRoundTrip() throws {
        let headers = [
            VP8PayloadHeader(isKeyFrame: true, version: 3, showFrame: false, firstPartitionSize: 0x7_FFFF,
                             dimensions: .init(width: 0x3FFF, height: 1, horizontalScale: 3, verticalScale: 2)),
            VP8PayloadHeader(isKeyFrame: true, firstPartitionSize: 0),
            VP8PayloadHeader(isKeyFrame: false, version: 1, firstPartitionSize: 1234),
        ]
        for header in headers {
            #expect(try VP8PayloadHeader(parsing: header.bytes) == header)
        }
    }

    @Test("RFC 7741 §4.3: a key frame with a wrong start code is malformed; short data truncated")
    func payloadHeaderErrors() throws {
        let badStart = #expect(throws: WireError.self) { try VP8PayloadHeader(parsing: try hex("10 12 00 9d 01 2b 40 01 f0 00")) }
        #expect(badStart?.code == .malformed)
        let short = #expect(throws: WireError.self) { try VP8PayloadHeader(parsing: [0x10, 0x12]) }
        #expect(short?.code == .truncated)
    }

    @Test("RFC 7741 §4.2: every truncation of a full descriptor throws .truncated")
    func truncatedDescriptors() throws {
        let full = try hex("90 f0 92 34 07 6b")
        for length in 0..<full.count {
            let error = #expect(throws: WireError.self) { try VP8PayloadDescriptor.parse(full.prefix(length)) }
            #expect(error?.code == .truncated)
        }
    }
}
