import BeepPeer
import BeepRTCP
import BeepRTP
import BeepWire

extension BotEngine {
    /// A decrypted RTP packet: to its track's receiver, whose feedback goes back as RTCP.
    func receiveRTP(_ packet: [UInt8], now: MonotonicTime) {
        guard let header = try? RTPHeaderView(parsing: packet) else { return }
        guard let receiver = receivers[header.ssrc] else {
            unknownSSRCPackets += 1
            return
        }
        for feedback in receiver.receive(packet, header: header, now: now, wallMillis: Self.wallMillis()) {
            let rtcp: RTCPPacket
            switch feedback {
            case .nack(let lost):
                rtcp = .genericNACK(GenericNACK(senderSSRC: reporterSSRC, mediaSSRC: header.ssrc, lost: lost))
            case .pictureLoss:
                rtcp = .pictureLossIndication(PictureLossIndication(senderSSRC: reporterSSRC, mediaSSRC: header.ssrc))
            }
            // Reduced-size feedback (RFC 5506 §3; a=rtcp-rsize is negotiated).
            if let bytes = try? RTCPCompound(packets: [rtcp]).serialize() { peer?.sendRTCP(bytes) }
        }
    }

    /// Decrypted RTCP: key frames on PLI/FIR for our video (RFC 4585 §6.3.1, RFC 5104
    /// §4.3.1), retransmissions on NACK for our streams (RFC 4585 §6.2.1), REMB noted
    /// (draft-alvestrand-rmcat-remb-03 §2).
    func receiveRTCP(_ packet: [UInt8], now: MonotonicTime) {
        guard let compound = try? RTCPCompound.parse(packet) else { return }
        for item in compound.packets {
            switch item {
            case .pictureLossIndication(let pli) where sender.isVideo(ssrc: pli.mediaSSRC):
                sender.requestKeyFrame(ssrc: pli.mediaSSRC, pli: true)
            case .fullIntraRequest(let fir):
                for entry in fir.entries where sender.isVideo(ssrc: entry.ssrc) {
                    sender.requestKeyFrame(ssrc: entry.ssrc, fir: true)
                }
            case .genericNACK(let nack) where sender.isVideo(ssrc: nack.mediaSSRC) || nack.mediaSSRC == sender.audioSSRC:
                let sent = peer?.retransmit(for: nack, now: now) ?? 0
                sender.countNACK(requested: nack.lostSequenceNumbers.count, retransmitted: sent)
            case .receiverEstimatedMaxBitrate(let remb)
                where remb.ssrcs.contains(where: sender.isVideo(ssrc:)) || remb.ssrcs.contains(sender.audioSSRC):
                sender.noteREMB(bitsPerSecond: remb.bitrate)
            default:
                break
            }
        }
    }
}
