import BeepWire

/// The coordination of video orientation (CVO) header extension value (3GPP TS 26.114
/// §7.4.5, URN `urn:3gpp:video-orientation`): one byte `0 0 0 0 C F R1 R0`.
public struct VideoOrientation: Sendable, Hashable {
    /// Number of data bytes on the wire.
    public static let length = 1

    /// The C bit: which camera captured the frame.
    public enum Camera: Sendable, Hashable {
        /// C = 0: front-facing camera (or unknown).
        case front
        /// C = 1: back-facing camera.
        case back
    }

    /// The R1 R0 bits: rotation the receiver applies, counter-clockwise, in 90° steps.
    public enum Rotation: UInt8, Sendable, Hashable, CaseIterable {
        /// 0°.
        case none = 0
        /// 90°.
        case degrees90 = 1
        /// 180°.
        case degrees180 = 2
        /// 270°.
        case degrees270 = 3

        /// The rotation in degrees.
        public var degrees: Int { Int(rawValue) * 90 }
    }

    /// The camera.
    public var camera: Camera
    /// The F bit: the image is flipped horizontally.
    public var horizontalFlip: Bool
    /// The rotation.
    public var rotation: Rotation

    /// A value.
    public init(camera: Camera = .front, horizontalFlip: Bool = false, rotation: Rotation = .none) {
        self.camera = camera
        self.horizontalFlip = horizontalFlip
        self.rotation = rotation
    }

    /// Decodes one byte; the four high bits are reserved and ignored.
    @inlinable
    public init(byte: UInt8) {
        self.camera = byte & 0x08 != 0 ? .back : .front
        self.horizontalFlip = byte & 0x04 != 0
        self.rotation = Rotation(rawValue: byte & 0x03) ?? .none
    }

    /// Decodes exactly 1 data byte; throws ``WireError`` `.malformed` for another length.
    @inlinable
    public init<Bytes: RandomAccessCollection>(parsing data: Bytes) throws(WireError)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard data.count == Self.length else {
            throw WireError(.malformed, "video-orientation: \(data.count) bytes, expected 1")
        }
        self.init(byte: ByteAccess.byte(data, 0))
    }

    /// The data byte.
    public var byte: UInt8 {
        (camera == .back ? 0x08 : 0) | (horizontalFlip ? 0x04 : 0) | rotation.rawValue
    }

    /// The data bytes.
    public var bytes: [UInt8] { [byte] }
}
