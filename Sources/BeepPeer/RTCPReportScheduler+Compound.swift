import BeepRTCP
import BeepWire

extension RTCPReportScheduler {
    /// Longest SDES item value (RFC 3550 §6.5: an 8-bit length).
    static let maxCNAMELength = 255

    /// Builds the regular compound packet for a report at `now` (RFC 3550 §6.1):
    ///
    /// 1. an SR for every sender in `senders` that sent since its last report (RFC 3550 §6.4.1;
    ///    several SRs in one compound as in RFC 8108), or, when none did, one RR from
    ///    `reporterSSRC` (§6.4.2);
    /// 2. report blocks, on the first SR or RR, for the remote sources in `receivers` heard
    ///    since their last report (§6.4.1), in SSRC order; above 31 a round-robin subset of 31
    ///    is taken and the rest wait for the next intervals (§6.1: the subset that fits, chosen
    ///    round-robin), rather than stacking extra RR packets (§6.4.2), to keep one report well
    ///    under the MTU;
    /// 3. an SDES packet with a CNAME chunk for each reporting SSRC (§6.1: CNAME in every
    ///    compound; §6.5.1). A CNAME longer than 255 UTF-8 octets is cut to 255.
    ///
    /// The statistics start new reporting intervals. Scheduling is separate: see
    /// ``pollReport(now:wallClock:reporterSSRC:cname:senders:receivers:using:)``.
    public mutating func makeCompound(now: MonotonicTime, wallClock: NTPTimestamp, reporterSSRC: UInt32,
                                      cname: String, senders: inout [SenderStatistics],
                                      receivers: inout [UInt32: ReceptionStatistics]) -> RTCPCompound {
        let blocks = makeReportBlocks(now: now, receivers: &receivers)
        var packets: [RTCPPacket] = []
        var reportingSSRCs: [UInt32] = []
        for index in senders.indices where senders[index].sentSinceLastReport {
            let attached = packets.isEmpty ? blocks : []
            if let report = senders[index].makeSenderReport(now: now, wallClock: wallClock, reports: attached) {
                packets.append(.senderReport(report))
                reportingSSRCs.append(report.ssrc)
            }
        }
        if packets.isEmpty {
            packets.append(.receiverReport(ReceiverReport(ssrc: reporterSSRC, reports: blocks)))
            reportingSSRCs.append(reporterSSRC)
        }
        let text = Array(cname.utf8.prefix(Self.maxCNAMELength))
        let chunks = reportingSSRCs.prefix(Self.maxReportBlocks).map {
            SDESChunk(ssrc: $0, items: [SDESItem(type: .cname, value: text)])
        }
        packets.append(.sourceDescription(SourceDescription(chunks: chunks)))
        return RTCPCompound(packets: packets)
    }

    /// When a report is due at `now`, builds it (``makeCompound(now:wallClock:reporterSSRC:cname:senders:receivers:)``)
    /// and schedules the next one (``reportSent(now:using:)``); nil when not due.
    public mutating func pollReport(now: MonotonicTime, wallClock: NTPTimestamp, reporterSSRC: UInt32,
                                    cname: String, senders: inout [SenderStatistics],
                                    receivers: inout [UInt32: ReceptionStatistics],
                                    using generator: inout some RandomNumberGenerator) -> RTCPCompound? {
        guard isDue(now: now) else { return nil }
        let compound = makeCompound(now: now, wallClock: wallClock, reporterSSRC: reporterSSRC, cname: cname,
                                    senders: &senders, receivers: &receivers)
        reportSent(now: now, using: &generator)
        return compound
    }

    /// Report blocks for at most 31 sources heard since their last report, rotating the
    /// starting source when there are more (RFC 3550 §6.1).
    private mutating func makeReportBlocks(now: MonotonicTime,
                                           receivers: inout [UInt32: ReceptionStatistics]) -> [ReportBlock] {
        let reportable = receivers.filter { $0.value.receivedSinceLastReport }.keys.sorted()
        var chosen = reportable
        if reportable.count > Self.maxReportBlocks {
            let start = rotation % reportable.count
            let rotated = Array(reportable[start...] + reportable[..<start])
            chosen = Array(rotated.prefix(Self.maxReportBlocks))
            rotation = (start + Self.maxReportBlocks) % reportable.count
        }
        var blocks: [ReportBlock] = []
        blocks.reserveCapacity(chosen.count)
        for ssrc in chosen {
            if let block = receivers[ssrc]?.makeReportBlock(now: now) { blocks.append(block) }
        }
        return blocks
    }
}
