import BeepWire

/// An RTCP extended report (RFC 3611 §2): the reporter's SSRC and a list of report blocks.
public struct ExtendedReport: Hashable, Sendable {
    /// SSRC of the packet sender.
    public var ssrc: UInt32
    /// Report blocks in packet order.
    public var blocks: [ExtendedReportBlock]

    /// An XR packet with the given blocks.
    public init(ssrc: UInt32, blocks: [ExtendedReportBlock]) {
        self.ssrc = ssrc
        self.blocks = blocks
    }

    /// Decodes the body of a PT=207 packet (RFC 3611 §3: each block has BT, a type-specific
    /// octet and a length in 32-bit words after its 4-byte header).
    static func parse(body: ByteReader) throws(WireError) -> ExtendedReport {
        var reader = body
        let ssrc = try reader.readUInt32("XR SSRC")
        var blocks: [ExtendedReportBlock] = []
        while !reader.isAtEnd {
            let blockType = try reader.readUInt8("XR block type")
            let typeSpecific = try reader.readUInt8("XR type-specific")
            let words = try reader.readUInt16("XR block length")
            var content = try reader.subReader(Int(words) * 4, "XR block contents")
            blocks.append(try ExtendedReportBlock.parse(blockType: blockType, typeSpecific: typeSpecific,
                                                        content: &content))
        }
        return ExtendedReport(ssrc: ssrc, blocks: blocks)
    }

    /// Writes the SSRC and every block with its header.
    func writeBody(into writer: inout ByteWriter) throws(WireError) {
        writer.write(ssrc)
        for block in blocks { try block.write(into: &writer) }
    }
}

/// One XR report block (RFC 3611 §3). Receiver Reference Time and DLRR are decoded; other
/// block types are kept raw.
public enum ExtendedReportBlock: Hashable, Sendable {
    /// BT=4, RFC 3611 §4.4: the receiver's NTP wall-clock time.
    case receiverReferenceTime(NTPTimestamp)
    /// BT=5, RFC 3611 §4.5: one sub-block per receiver whose RRT was seen.
    case dlrr([DLRRSubBlock])
    /// Any other block type, raw.
    case raw(RawExtendedReportBlock)

    /// Receiver Reference Time block type.
    static let receiverReferenceTimeType: UInt8 = 4
    /// DLRR block type.
    static let dlrrType: UInt8 = 5

    /// Decodes one block's contents (after its 4-byte header).
    static func parse(blockType: UInt8, typeSpecific: UInt8, content: inout ByteReader) throws(WireError)
        -> ExtendedReportBlock {
        switch blockType {
        case receiverReferenceTimeType:
            guard content.remaining == 8 else {
                throw WireError(.malformed, "XR RRT block: \(content.remaining) content bytes, expected 8")
            }
            return .receiverReferenceTime(NTPTimestamp(rawValue: try content.readUInt64("XR RRT NTP timestamp")))
        case dlrrType:
            guard content.remaining % 12 == 0 else {
                throw WireError(.malformed, "XR DLRR block: \(content.remaining) content bytes, not a multiple of 12")
            }
            var subBlocks: [DLRRSubBlock] = []
            subBlocks.reserveCapacity(content.remaining / 12)
            while !content.isAtEnd {
                subBlocks.append(DLRRSubBlock(ssrc: try content.readUInt32("XR DLRR SSRC"),
                                              lastReceiverReport: try content.readUInt32("XR DLRR LRR"),
                                              delaySinceLastReceiverReport: try content.readUInt32("XR DLRR DLRR")))
            }
            return .dlrr(subBlocks)
        default:
            return .raw(RawExtendedReportBlock(blockType: blockType, typeSpecific: typeSpecific,
                                               content: Array(content.bytes[content.offset..<content.end])))
        }
    }

    /// Writes the block header and contents.
    func write(into writer: inout ByteWriter) throws(WireError) {
        let start = writer.count
        switch self {
        case .receiverReferenceTime(let time):
            writer.write(Self.receiverReferenceTimeType)
            writer.write(UInt8(0))
            writer.write(UInt16(0))
            writer.write(time.rawValue)
        case .dlrr(let subBlocks):
            writer.write(Self.dlrrType)
            writer.write(UInt8(0))
            writer.write(UInt16(0))
            for sub in subBlocks {
                writer.write(sub.ssrc)
                writer.write(sub.lastReceiverReport)
                writer.write(sub.delaySinceLastReceiverReport)
            }
        case .raw(let raw):
            guard raw.content.count % 4 == 0 else {
                throw WireError(.malformed, "XR block contents: \(raw.content.count) bytes, not a multiple of 4")
            }
            writer.write(raw.blockType)
            writer.write(raw.typeSpecific)
            writer.write(UInt16(0))
            writer.write(bytes: raw.content)
        }
        let words = (writer.count - start - 4) / 4
        guard let length = UInt16(exactly: words) else {
            throw WireError(.tooLarge, "XR block length: \(words) words exceed 16 bits")
        }
        writer.patch(length, at: start + 2)
    }
}

/// One DLRR sub-block (RFC 3611 §4.5).
public struct DLRRSubBlock: Hashable, Sendable {
    /// SSRC of the receiver whose RRT block this answers.
    public var ssrc: UInt32
    /// Middle 32 bits of that RRT block's NTP timestamp (LRR).
    public var lastReceiverReport: UInt32
    /// Delay since receiving it, in 1/65536 s (DLRR).
    public var delaySinceLastReceiverReport: UInt32

    /// A sub-block with the given fields.
    public init(ssrc: UInt32, lastReceiverReport: UInt32, delaySinceLastReceiverReport: UInt32) {
        self.ssrc = ssrc
        self.lastReceiverReport = lastReceiverReport
        self.delaySinceLastReceiverReport = delaySinceLastReceiverReport
    }
}

/// An XR block of a type this module does not decode (RFC 3611 §3), raw.
public struct RawExtendedReportBlock: Hashable, Sendable {
    /// BT: the block type.
    public var blockType: UInt8
    /// The type-specific octet.
    public var typeSpecific: UInt8
    /// The contents after the 4-byte block header (a multiple of 4 bytes).
    public var content: [UInt8]

    /// A raw block with the given fields.
    public init(blockType: UInt8, typeSpecific: UInt8, content: [UInt8]) {
        self.blockType = blockType
        self.typeSpecific = typeSpecific
        self.content = content
    }
}
