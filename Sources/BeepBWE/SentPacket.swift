import BeepWire

/// One packet the sender put on the transport, recorded so that transport-wide feedback
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) can be matched to it by its
/// transport-wide sequence number (same draft, §2).
public struct SentPacket: Sendable, Hashable {
    /// The transport-wide sequence number written into the packet's header extension.
    public var sequenceNumber: UInt16
    /// Size on the wire in bytes (RTP header, payload and padding; SRTP overhead may be added).
    public var size: Int
    /// When the packet was handed to the socket.
    public var sendTime: MonotonicTime
    /// The probe cluster the packet belongs to (``ProbeCluster/id``), nil for media.
    public var probeClusterID: Int?

    /// A record of a sent packet.
    public init(sequenceNumber: UInt16, size: Int, sendTime: MonotonicTime, probeClusterID: Int? = nil) {
        self.sequenceNumber = sequenceNumber
        self.size = size
        self.sendTime = sendTime
        self.probeClusterID = probeClusterID
    }
}
