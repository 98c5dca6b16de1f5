import BeepWire

/// The abs-send-time header extension value (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time):
/// 3 bytes holding a 24-bit 6.18 fixed-point send time in seconds, wrapping every 64 s.
public struct AbsSendTime: Sendable, Hashable {
    /// Number of data bytes on the wire.
    public static let length = 3

    /// The 24-bit raw value (6 bits of seconds, 18 bits of fraction).
    public let rawValue: UInt32

    /// Wraps a raw value; bits above 24 are dropped.
    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue & 0xFF_FFFF }

    /// The send time for `seconds` (any clock), reduced modulo 64 s.
    public init(seconds: Double) {
        let ticks = (seconds * 262_144.0).rounded()
        guard ticks.isFinite else {
            self.init(rawValue: 0)
            return
        }
        let wrapped = ticks.truncatingRemainder(dividingBy: 16_777_216.0)
        self.init(rawValue: UInt32(wrapped < 0 ? wrapped + 16_777_216.0 : wrapped) & 0xFF_FFFF)
    }

    /// Decodes exactly 3 data bytes; throws ``WireError`` `.malformed` for another length.
    @inlinable
    public init<Bytes: RandomAccessCollection>(parsing data: Bytes) throws(WireError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard data.count == Self.length else {
            throw WireError(.malformed, "abs-send-time: \(data.count) bytes, expected 3")
        }
        self.init(rawValue: UInt32(ByteAccess.byte(data, 0)) << 16 | UInt32(ByteAccess.uint16(data, 1)))
    }

    /// The time in seconds, 0 ..< 64.
    public var seconds: Double { Double(rawValue) / 262_144.0 }

    /// The 3 data bytes.
    public var bytes: [UInt8] {
        [UInt8(truncatingIfNeeded: rawValue >> 16), UInt8(truncatingIfNeeded: rawValue >> 8), UInt8(truncatingIfNeeded: rawValue)]
    }
}
