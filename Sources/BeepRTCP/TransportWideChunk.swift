import BeepWire

/// A packet status symbol of transport-wide congestion control feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1). The wire value 3 is reserved and
/// rejected by the parser.
public enum TransportWideStatus: UInt8, Hashable, Sendable, CaseIterable {
    /// 00: packet not received.
    case notReceived = 0
    /// 01: packet received, small delta (one unsigned octet of 250 µs).
    case smallDelta = 1
    /// 10: packet received, large or negative delta (two signed octets of 250 µs).
    case largeDelta = 2

    /// True for the statuses that carry a receive delta.
    public var isReceived: Bool { self != .notReceived }

    /// Decodes a 2-bit symbol, rejecting the reserved value 3.
    static func decode(_ bits: UInt16) throws(WireError) -> TransportWideStatus {
        guard let status = TransportWideStatus(rawValue: UInt8(truncatingIfNeeded: bits & 0x3)) else {
            throw WireError(.malformed, "TWCC packet status symbol: 3 is reserved")
        }
        return status
    }
}

/// One 16-bit packet chunk of transport-wide feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.3 and §3.1.4).
public enum TransportWideChunk: Hashable, Sendable {
    /// Run length chunk (T=0, §3.1.3): `length` consecutive packets with the same status
    /// (13-bit length, at most 8191).
    case runLength(TransportWideStatus, length: UInt16)
    /// Status vector chunk with 1-bit symbols (T=1, S=0, §3.1.4): exactly 14 statuses, each
    /// `.notReceived` or `.smallDelta`.
    case oneBitVector([TransportWideStatus])
    /// Status vector chunk with 2-bit symbols (T=1, S=1, §3.1.4): exactly 7 statuses.
    case twoBitVector([TransportWideStatus])

    /// The largest run a run length chunk can carry.
    public static let maxRunLength: UInt16 = 0x1FFF
    /// Symbols in a 1-bit status vector chunk.
    public static let oneBitCapacity = 14
    /// Symbols in a 2-bit status vector chunk.
    public static let twoBitCapacity = 7

    /// The number of statuses this chunk describes.
    public var statusCount: Int {
        switch self {
        case .runLength(_, let length): Int(length)
        case .oneBitVector(let symbols), .twoBitVector(let symbols): symbols.count
        }
    }

    /// Appends up to `limit` of this chunk's statuses to `statuses`.
    func appendStatuses(to statuses: inout [TransportWideStatus], limit: Int) {
        switch self {
        case .runLength(let status, let length):
            statuses.append(contentsOf: repeatElement(status, count: max(0, min(Int(length), limit))))
        case .oneBitVector(let symbols), .twoBitVector(let symbols):
            statuses.append(contentsOf: symbols.prefix(max(0, limit)))
        }
    }

    /// Decodes one chunk from its 16-bit wire value.
    static func decode(_ word: UInt16) throws(WireError) -> TransportWideChunk {
        if word & 0x8000 == 0 {
            return .runLength(try TransportWideStatus.decode(word >> 13), length: word & maxRunLength)
        }
        if word & 0x4000 == 0 {
            var symbols: [TransportWideStatus] = []
            symbols.reserveCapacity(oneBitCapacity)
            for index in 0..<oneBitCapacity {
                let bit = word >> UInt16(oneBitCapacity - 1 - index) & 1
                symbols.append(bit == 1 ? .smallDelta : .notReceived)
            }
            return .oneBitVector(symbols)
        }
        var symbols: [TransportWideStatus] = []
        symbols.reserveCapacity(twoBitCapacity)
        for index in 0..<twoBitCapacity {
            symbols.append(try TransportWideStatus.decode(word >> UInt16(2 * (twoBitCapacity - 1 - index))))
        }
        return .twoBitVector(symbols)
    }

    /// Encodes the chunk as its 16-bit wire value, checking sizes and symbol kinds.
    func encode() throws(WireError) -> UInt16 {
        switch self {
        case .runLength(let status, let length):
            guard length <= Self.maxRunLength else {
                throw WireError(.tooLarge, "TWCC run length: \(length), at most 8191")
            }
            return UInt16(status.rawValue) << 13 | length
        case .oneBitVector(let symbols):
            guard symbols.count == Self.oneBitCapacity else {
                throw WireError(.malformed, "TWCC 1-bit status vector: \(symbols.count) symbols, expected 14")
            }
            var word: UInt16 = 0x8000
            for (index, symbol) in symbols.enumerated() {
                switch symbol {
                case .notReceived: break
                case .smallDelta: word |= 1 << UInt16(Self.oneBitCapacity - 1 - index)
                case .largeDelta:
                    throw WireError(.malformed, "TWCC 1-bit status vector cannot hold a large delta")
                }
            }
            return word
        case .twoBitVector(let symbols):
            guard symbols.count == Self.twoBitCapacity else {
                throw WireError(.malformed, "TWCC 2-bit status vector: \(symbols.count) symbols, expected 7")
            }
            var word: UInt16 = 0xC000
            for (index, symbol) in symbols.enumerated() {
                word |= UInt16(symbol.rawValue) << UInt16(2 * (Self.twoBitCapacity - 1 - index))
            }
            return word
        }
    }
}
