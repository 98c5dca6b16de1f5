import BeepWire

/// The client-to-mixer audio level header extension value (RFC 6464 §3): one byte holding
/// the voice-activity flag V and the level in -dBov (0 loudest, 127 silence).
public struct AudioLevel: Sendable, Hashable {
    /// Number of data bytes on the wire.
    public static let length = 1

    /// The V bit: the sender's voice activity detector says this packet carries speech.
    public var voiceActivity: Bool
    /// The audio level as a positive number of -dBov, 0-127 (RFC 6464 §3).
    public var level: UInt8

    /// A value; `level` is clamped to 127.
    @inlinable
    public init(voiceActivity: Bool, level: UInt8) {
        self.voiceActivity = voiceActivity
        self.level = min(level, 127)
    }

    /// Decodes exactly 1 data byte; throws ``WireError`` `.malformed` for another length.
    @inlinable
    public init<Bytes: RandomAccessCollection>(parsing data: Bytes) throws(WireError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard data.count == Self.length else {
            throw WireError(.malformed, "ssrc-audio-level: \(data.count) bytes, expected 1")
        }
        let byte = ByteAccess.byte(data, 0)
        self.init(voiceActivity: byte & 0x80 != 0, level: byte & 0x7F)
    }

    /// The level in dBov (0 or negative).
    public var dBov: Int { -Int(level) }

    /// The data byte.
    @inlinable public var byte: UInt8 { (voiceActivity ? 0x80 : 0) | (level & 0x7F) }

    /// The data bytes.
    public var bytes: [UInt8] { [byte] }
}
