import BeepRTCP
import BeepRTP
import BeepWire

/// Send-side bookkeeping for one local SSRC (RFC 3550 §6.4.1 sender info): packet and payload
/// octet counts, and the last RTP timestamp with the instant it was sent, from which a sender
/// report's RTP timestamp is extrapolated to the report's wall-clock instant.
///
/// Sans-IO: send and report instants come in as arguments.
public struct SenderStatistics: Sendable {
    /// The local source these statistics describe.
    public let ssrc: UInt32
    /// The source's RTP clock.
    public let clock: RTPClock

    /// RTP data packets sent, wrapping at 2^32 like the SR field (RFC 3550 §6.4.1).
    public private(set) var packetCount: UInt32 = 0
    /// Payload octets sent (headers and padding excluded), wrapping at 2^32 (RFC 3550 §6.4.1).
    public private(set) var octetCount: UInt32 = 0
    /// The RTP timestamp of the last packet sent, nil before the first.
    public private(set) var lastTimestamp: UInt32?
    /// When the packet carrying ``lastTimestamp`` was sent.
    public private(set) var lastSendTime: MonotonicTime?
    /// True when a packet was sent since the last ``makeSenderReport(now:wallClock:reports:)``;
    /// RFC 3550 §6.4: only an active sender sends an SR.
    public private(set) var sentSinceLastReport = false

    /// Empty statistics for `ssrc`, whose media clock is `clock`.
    public init(ssrc: UInt32, clock: RTPClock) {
        self.ssrc = ssrc
        self.clock = clock
    }

    /// Records a sent RTP packet from its parsed header; packets of another SSRC are ignored
    /// and return false.
    @discardableResult
    public mutating func record(_ header: RTPHeaderView, now: MonotonicTime) -> Bool {
        guard header.ssrc == ssrc else { return false }
        record(timestamp: header.timestamp, payloadLength: header.payloadLength, now: now)
        return true
    }

    /// Records a sent RTP packet with `payloadLength` payload octets and RTP `timestamp`,
    /// handed to the transport at `now`.
    public mutating func record(timestamp: UInt32, payloadLength: Int, now: MonotonicTime) {
        packetCount &+= 1
        octetCount &+= UInt32(truncatingIfNeeded: max(payloadLength, 0))
        lastTimestamp = timestamp
        lastSendTime = now
        sentSinceLastReport = true
    }

    /// The RTP timestamp corresponding to `now`: the last sent timestamp advanced by the time
    /// elapsed since it was sent at the clock rate (RFC 3550 §6.4.1: "the same time as the NTP
    /// timestamp ... but in the same units and with the same random offset as the RTP
    /// timestamps in data packets"). Nil before the first packet.
    ///
    /// This assumes a packet is sent when its media is sampled; a pacer delay shows up as an
    /// offset of the same size in the receiver's lip-sync.
    public func rtpTimestamp(at now: MonotonicTime) -> UInt32? {
        guard let lastTimestamp, let lastSendTime else { return nil }
        return lastTimestamp &+ clock.ticks(seconds: ReceptionStatistics.seconds(now - lastSendTime))
    }

    /// A sender report for a report sent at `now` whose wall-clock time is `wallClock`, carrying
    /// `reports` (at most 31, the caller's choice), or nil before the first packet was sent.
    /// Starts a new reporting interval for ``sentSinceLastReport``.
    public mutating func makeSenderReport(now: MonotonicTime, wallClock: NTPTimestamp,
                                          reports: [ReportBlock] = []) -> SenderReport? {
        guard let timestamp = rtpTimestamp(at: now) else { return nil }
        sentSinceLastReport = false
        return SenderReport(ssrc: ssrc, ntpTimestamp: wallClock, rtpTimestamp: timestamp,
                            packetCount: packetCount, octetCount: octetCount, reports: reports)
    }
}
