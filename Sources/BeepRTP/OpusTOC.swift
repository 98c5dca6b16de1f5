import BeepWire

/// The Opus table-of-contents byte that starts every Opus packet (RFC 6716 §3.1):
///
///     | config  |s| c |
///
/// `config` (0-31) selects the mode, audio bandwidth and frame duration from RFC 6716 §3.1
/// Table 2, `s` the channel count, `c` how many frames the packet holds (§3.2).
public struct OpusTOC: Sendable, Hashable {
    /// The coding mode (RFC 6716 §2).
    public enum Mode: Sendable, Hashable {
        /// Linear-prediction layer (configs 0-11).
        case silk
        /// SILK for low frequencies plus CELT above 8 kHz (configs 12-15).
        case hybrid
        /// MDCT layer (configs 16-31).
        case celt
    }

    /// The audio bandwidth (RFC 6716 §2, Table 1).
    public enum Bandwidth: Sendable, Hashable, CaseIterable {
        /// NB, 4 kHz audio bandwidth.
        case narrowband
        /// MB, 6 kHz.
        case mediumband
        /// WB, 8 kHz.
        case wideband
        /// SWB, 12 kHz.
        case superWideband
        /// FB, 20 kHz.
        case fullband

        /// The audio bandwidth in Hz (RFC 6716 §2 Table 1).
        public var hertz: Int {
            switch self {
            case .narrowband: 4_000
            case .mediumband: 6_000
            case .wideband: 8_000
            case .superWideband: 12_000
            case .fullband: 20_000
            }
        }
    }

    /// The frame count code `c` (RFC 6716 §3.2).
    public enum FrameCountCode: UInt8, Sendable, Hashable, CaseIterable {
        /// c = 0: one frame.
        case one = 0
        /// c = 1: two frames of equal size.
        case twoEqual = 1
        /// c = 2: two frames of different sizes.
        case twoDifferent = 2
        /// c = 3: an arbitrary number of frames, counted in the next byte.
        case arbitrary = 3
    }

    /// The configuration number, 0-31.
    public let configuration: UInt8
    /// The `s` bit: stereo.
    public let isStereo: Bool
    /// The `c` field.
    public let frameCountCode: FrameCountCode

    /// Decodes a TOC byte (every byte value is a valid TOC).
    @inlinable
    public init(byte: UInt8) {
        configuration = byte >> 3
        isStereo = byte & 0x04 != 0
        frameCountCode = FrameCountCode(rawValue: byte & 0x03) ?? .one
    }

    /// A TOC from its fields; `configuration` is truncated to 5 bits.
    public init(configuration: UInt8, isStereo: Bool, frameCountCode: FrameCountCode) {
        self.configuration = configuration & 0x1F
        self.isStereo = isStereo
        self.frameCountCode = frameCountCode
    }

    /// The TOC of an Opus packet; fuzz-friendly. Throws ``WireError`` `.truncated` for an empty
    /// packet (RFC 6716 §3.4 [R1]).
    @inlinable
    public static func parse<Bytes: RandomAccessCollection>(_ packet: Bytes) throws(WireError) -> OpusTOC
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard !packet.isEmpty else {
            throw WireError(.truncated, "Opus packet: empty, needs a TOC byte (RFC 6716 §3.4 [R1])")
        }
        return OpusTOC(byte: ByteAccess.byte(packet, 0))
    }

    /// The TOC byte.
    public var byte: UInt8 { configuration << 3 | (isStereo ? 0x04 : 0) | frameCountCode.rawValue }

    /// The mode for this configuration (RFC 6716 §3.1 Table 2).
    public var mode: Mode {
        switch configuration {
        case 0...11: .silk
        case 12...15: .hybrid
        default: .celt
        }
    }

    /// The audio bandwidth for this configuration (RFC 6716 §3.1 Table 2).
    public var bandwidth: Bandwidth {
        switch configuration {
        case 0...3, 16...19: .narrowband
        case 4...7: .mediumband
        case 8...11, 20...23: .wideband
        case 12...13, 24...27: .superWideband
        default: .fullband
        }
    }

    /// The duration of one frame in 48 kHz samples (RFC 6716 §3.1 Table 2): 120 (2.5 ms), 240
    /// (5 ms), 480 (10 ms), 960 (20 ms), 1920 (40 ms) or 2880 (60 ms).
    public var frameDurationSamples: Int {
        switch mode {
        case .silk:
            switch configuration & 0x03 {
            case 0: 480
            case 1: 960
            case 2: 1920
            default: 2880
            }
        case .hybrid: 480 << Int(configuration & 0x01)
        case .celt: 120 << Int(configuration & 0x03)
        }
    }

    /// The duration of one frame in microseconds.
    public var frameDurationMicroseconds: Int { frameDurationSamples * 1_000 / 48 }
}
