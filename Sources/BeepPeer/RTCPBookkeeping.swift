import BeepRTCP
import BeepRTP
import BeepWire

/// The RTCP state of one peer session: statistics of what it receives and sends, the report
/// schedule, the last round-trip time, and the history that answers NACKs.
struct RTCPBookkeeping {
    let configuration: PeerRTCPConfiguration
    private(set) var roundTripTime: Duration?
    private var receivers: [UInt32: ReceptionStatistics] = [:]
    private var senders: [SenderStatistics] = []
    private var senderIndex: [UInt32: Int] = [:]
    private var scheduler: RTCPReportScheduler
    private var history = SendHistory()
    private var random: any RandomNumberGenerator

    init(configuration: PeerRTCPConfiguration, random: any RandomNumberGenerator) {
        self.configuration = configuration
        self.scheduler = RTCPReportScheduler(interval: configuration.interval)
        self.random = random
    }

    /// Starts the report schedule (when SRTP is keyed).
    mutating func start(now: MonotonicTime) {
        scheduler.start(now: now, using: &random)
    }

    /// When the next report is due.
    var nextReportTime: MonotonicTime? { scheduler.nextReportTime }

    /// A decrypted RTP packet arrived (RFC 3550 §A.3, §A.8).
    mutating func received(rtp packet: [UInt8], now: MonotonicTime) {
        guard let header = try? RTPHeaderView(parsing: packet) else { return }
        let clock = configuration.clock(payloadType: header.payloadType)
        _ = receivers[header.ssrc, default: ReceptionStatistics(ssrc: header.ssrc, clock: clock)]
            .record(header, arrival: now)
    }

    /// A decrypted RTCP compound arrived: remembers SRs for LSR/DLSR and measures the round trip
    /// from report blocks about our streams (RFC 3550 §6.4.1).
    mutating func received(rtcp compound: RTCPCompound, now: MonotonicTime) {
        for packet in compound.packets {
            if case .senderReport(let report) = packet {
                _ = receivers[report.ssrc]?.record(report, arrival: now)
            }
        }
        let local = Set(senderIndex.keys).union([configuration.reporterSSRC])
        let samples = RoundTripTime.measure(compound, localSSRCs: local, arrival: configuration.wallClock(at: now))
        if let latest = samples.last { roundTripTime = latest.rtt }
    }

    /// Keeps the plaintext of a sent RTP packet to answer NACKs, when the history is on.
    mutating func remember(rtp packet: [UInt8], now: MonotonicTime) {
        guard configuration.keepsSendHistory else { return }
        _ = history.record(packet, now: now)
    }

    /// An RTP packet with `header` was sent: counts it for SRs (RFC 3550 §6.4.1).
    mutating func sent(rtp header: RTPHeaderView, now: MonotonicTime) {
        let index: Int
        if let known = senderIndex[header.ssrc] {
            index = known
        } else {
            index = senders.count
            senders.append(SenderStatistics(ssrc: header.ssrc, clock: configuration.clock(payloadType: header.payloadType)))
            senderIndex[header.ssrc] = index
        }
        _ = senders[index].record(header, now: now)
    }

    /// The report due at `now`, serialized, or nil.
    mutating func dueReport(now: MonotonicTime) -> [UInt8]? {
        guard let compound = scheduler.pollReport(
            now: now, wallClock: configuration.wallClock(at: now), reporterSSRC: configuration.reporterSSRC,
            cname: configuration.cname, senders: &senders, receivers: &receivers, using: &random) else { return nil }
        return try? compound.serialize()
    }

    /// The packets a NACK asks for that are still in the history (RFC 4585 §6.2.1).
    func retransmissions(for nack: GenericNACK, now: MonotonicTime) -> [[UInt8]] {
        history.packets(for: nack, now: now)
    }
}
