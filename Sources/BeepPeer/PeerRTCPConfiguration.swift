import BeepWire

/// How a ``PeerSession`` keeps RTCP (RFC 3550 §6): reception and sender statistics, periodic
/// SR/RR + SDES reports, round-trip times, and a send history for NACKs.
public struct PeerRTCPConfiguration: Sendable {
    /// The CNAME in every report's SDES (RFC 3550 §6.5.1).
    public var cname: String
    /// The SSRC receiver reports are sent from when this side sends no media.
    public var reporterSSRC: UInt32
    /// RTP clock rate per payload type (from `a=rtpmap`); others use ``defaultClockRate``.
    public var clockRates: [UInt8: UInt32]
    /// The clock rate of payload types missing from ``clockRates`` (video's 90 kHz).
    public var defaultClockRate: UInt32
    /// The wall-clock (NTP) time at `MonotonicTime.zero`: SR timestamps are this plus `now`.
    public var wallClockAtOrigin: NTPTimestamp
    /// The deterministic report interval before randomization.
    public var interval: Duration
    /// Keep sent RTP packets to answer NACKs with ``PeerSession/retransmit(for:now:)``. An SFU
    /// that answers from its own per-producer cache turns it off: the session then protects
    /// each packet in place instead of keeping a plaintext copy.
    public var keepsSendHistory: Bool

    /// A configuration; reports every second by default (WebRTC's usual pace).
    public init(cname: String, reporterSSRC: UInt32, clockRates: [UInt8: UInt32] = [:],
                defaultClockRate: UInt32 = 90_000, wallClockAtOrigin: NTPTimestamp,
                interval: Duration = RTCPReportScheduler.defaultInterval, keepsSendHistory: Bool = true) {
        self.cname = cname
        self.reporterSSRC = reporterSSRC
        self.clockRates = clockRates
        self.defaultClockRate = defaultClockRate
        self.wallClockAtOrigin = wallClockAtOrigin
        self.interval = interval
        self.keepsSendHistory = keepsSendHistory
    }

    /// The wall-clock time at `now`.
    func wallClock(at now: MonotonicTime) -> NTPTimestamp {
        NTPTimestamp(unixSeconds: wallClockAtOrigin.unixSeconds + Double(now.nanoseconds) / 1e9)
    }

    /// The media clock of a payload type.
    func clock(payloadType: UInt8) -> RTPClock {
        RTPClock(rate: clockRates[payloadType] ?? defaultClockRate)
    }
}
