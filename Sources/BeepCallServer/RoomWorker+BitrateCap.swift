import BeepCalls
import BeepPeer
import BeepSFU
import BeepWire

extension RoomWorker {
    /// Sets or lifts the room's bitrate cap (docs/operations.md, "Tuning"); applied at once.
    func setBitrateCap(kbps: Int?, now: MonotonicTime) {
        bitrateCap.set(kbps: kbps, now: now)
        sendBitrateCapIfDue(now: now)
    }

    /// Sends every publisher a REMB with the cap when one is due (``PublisherBitrateCap``).
    func sendBitrateCapIfDue(now: MonotonicTime) {
        guard let bitsPerSecond = bitrateCap.due(now: now) else { return }
        for participant in stats().participants {
            let id = BeepCalls.ParticipantID(rawValue: participant.id.rawValue)
            guard let session = participants[id]?.session,
                  let packet = bitrateCap.remb(bitsPerSecond: bitsPerSecond, ssrcs: participant.producers.map(\.ssrc))
            else { continue }
            _ = session.peer.sendRTCP(packet)
        }
    }
}
