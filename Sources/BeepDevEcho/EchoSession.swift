import BeepICE
import BeepPeer
import BeepRTCP
import BeepRTP
import BeepSFUServer
import BeepSTUN
import BeepWire

/// A peer whose media is sent straight back: every RTP packet returns under the SSRC the answer
/// declared for it; NACKs are answered from the send history, and PLI/FIR about the echoed
/// streams go back to the sender as feedback about its own streams, so it sends keyframes.
final class EchoSession: UDPSession {
    private let peer: PeerSession
    private let echoSSRCs: [UInt32: UInt32]
    private let originalSSRCs: [UInt32: UInt32]
    private var outbox: [UDPTransmit] = []
    /// The SSRC the echo's own RTCP is sent from.
    private let feedbackSSRC: UInt32

    init(peer: PeerSession, echoSSRCs: [UInt32: UInt32], feedbackSSRC: UInt32) {
        self.peer = peer
        self.echoSSRCs = echoSSRCs
        self.originalSSRCs = Dictionary(echoSSRCs.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        self.feedbackSSRC = feedbackSSRC
    }

    var isClosed: Bool { peer.isFinished }

    func handleDatagram(_ bytes: [UInt8], from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        peer.handleDatagram(bytes, from: remote, to: local, now: now)
        drain(now: now)
    }

    func handleTimeout(now: MonotonicTime) {
        peer.handleTimeout(now: now)
        drain(now: now)
    }

    func pollTransmit() -> UDPTransmit? { outbox.isEmpty ? nil : outbox.removeFirst() }

    func pollTimeout() -> MonotonicTime? { peer.pollTimeout() }

    private func drain(now: MonotonicTime) {
        while let event = peer.pollEvent() {
            switch event {
            case .rtp(let packet): echo(packet, now: now)
            case .rtcp(let packet): answerFeedback(packet, now: now)
            default: break
            }
        }
        while let transmit = peer.pollTransmit() {
            outbox.append(UDPTransmit(destination: transmit.destination, bytes: transmit.bytes))
        }
    }

    private func echo(_ packet: [UInt8], now: MonotonicTime) {
        var bytes = packet
        guard let view = try? RTPHeaderView(parsing: bytes), let echoSSRC = echoSSRCs[view.ssrc],
              (try? RTPHeaderRewrite(ssrc: echoSSRC).apply(to: &bytes)) != nil else { return }
        peer.sendRTP(bytes, now: now)
    }

    /// Answers NACKs about echoed streams from the send history (RFC 4585 §6.2.1) and sends
    /// PLI/FIR about them back to the sender as feedback about its own streams.
    private func answerFeedback(_ packet: [UInt8], now: MonotonicTime) {
        guard let compound = try? RTCPCompound.parse(packet) else { return }
        var feedback: [RTCPPacket] = []
        for item in compound.packets {
            switch item {
            case .pictureLossIndication(var pli):
                guard let original = originalSSRCs[pli.mediaSSRC] else { continue }
                pli.senderSSRC = feedbackSSRC
                pli.mediaSSRC = original
                feedback.append(.pictureLossIndication(pli))
            case .genericNACK(let nack):
                peer.retransmit(for: nack, now: now)
            case .fullIntraRequest(var fir):
                fir.senderSSRC = feedbackSSRC
                fir.entries = fir.entries.compactMap { entry in
                    originalSSRCs[entry.ssrc].map { FIREntry(ssrc: $0, sequenceNumber: entry.sequenceNumber) }
                }
                if !fir.entries.isEmpty { feedback.append(.fullIntraRequest(fir)) }
            default:
                continue
            }
        }
        guard !feedback.isEmpty else { return }
        // A receiver report first keeps the compound valid for peers without rtcp-rsize (RFC 3550 §6.1).
        let report = RTCPPacket.receiverReport(ReceiverReport(ssrc: feedbackSSRC, reports: []))
        if let bytes = try? RTCPCompound(packets: [report] + feedback).serialize() {
            peer.sendRTCP(bytes)
        }
    }
}
