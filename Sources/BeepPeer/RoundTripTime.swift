import BeepRTCP
import BeepWire

/// Round-trip time from a report block about one of our SSRCs (RFC 3550 §6.4.1): the block's
/// LSR echoes the middle 32 bits of our SR's NTP timestamp and DLSR says how long the remote
/// held it, so `RTT = A − LSR − DLSR` where A is the block's arrival in compact NTP.
public enum RoundTripTime {
    /// The RTT measured by `block` arriving at wall-clock `arrival`, nil when the remote has
    /// not received an SR from us yet (LSR zero) or the result is negative (clock steps).
    public static func measure(_ block: ReportBlock, arrival: NTPTimestamp) -> Duration? {
        guard let seconds = CompactNTP.roundTrip(arrival: arrival.compact, lastSR: block.lastSenderReport,
                                                 delaySinceLastSR: block.delaySinceLastSenderReport)
        else { return nil }
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// RTT samples from every report block in `compound` (SR and RR) about an SSRC in
    /// `localSSRCs`, in packet order, as (our SSRC, RTT) pairs.
    public static func measure(_ compound: RTCPCompound, localSSRCs: Set<UInt32>,
                               arrival: NTPTimestamp) -> [(ssrc: UInt32, rtt: Duration)] {
        var samples: [(ssrc: UInt32, rtt: Duration)] = []
        for packet in compound.packets {
            let blocks: [ReportBlock]
            switch packet {
            case .senderReport(let report): blocks = report.reports
            case .receiverReport(let report): blocks = report.reports
            default: continue
            }
            for block in blocks where localSSRCs.contains(block.ssrc) {
                if let rtt = measure(block, arrival: arrival) { samples.append((block.ssrc, rtt)) }
            }
        }
        return samples
    }
}
