import BeepWire

/// The 96-bit transaction ID of a STUN message (RFC 8489 §5, §6).
///
/// Stored as two integers so that it is cheap to hash and compare; ``bytes`` gives the
/// wire form.
public struct STUNTransactionID: Hashable, Sendable, CustomStringConvertible {
    /// The first 4 bytes, big-endian.
    public let high: UInt32
    /// The last 8 bytes, big-endian.
    public let low: UInt64

    /// A transaction ID from its two halves.
    public init(high: UInt32, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A transaction ID from exactly 12 bytes; throws `.malformed` for any other count.
    public init<Bytes: Collection>(bytes: Bytes) throws(WireError) where Bytes.Element == UInt8 {
        guard bytes.count == 12 else {
            throw WireError(.malformed, "transaction ID: need 12 bytes, got \(bytes.count)")
        }
        var high: UInt32 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 4 { high = high << 8 | UInt32(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// A fresh random transaction ID (RFC 8489 §6: uniformly random, from a cryptographically
    /// strong source when the default generator is used).
    public static func random() -> STUNTransactionID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// A random transaction ID drawn from `generator` (deterministic tests pass a seeded one).
    public static func random<Generator: RandomNumberGenerator>(using generator: inout Generator) -> STUNTransactionID {
        STUNTransactionID(high: generator.next(), low: generator.next())
    }

    /// The 12 bytes as sent on the wire.
    public var bytes: [UInt8] {
        var writer = ByteWriter(capacity: 12)
        writer.write(high)
        writer.write(low)
        return writer.bytes
    }

    /// 24 lowercase hex digits.
    public var description: String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
