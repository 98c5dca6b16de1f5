import BeepICE
import BeepPeer
import BeepSFU
import BeepSFUServer
import BeepSTUN
import BeepWire

/// One call participant's transport on the media socket: its `PeerSession`, whose decrypted
/// media goes to the room's router, and whose timer also drives the router.
final class ParticipantUDPSession: UDPSession {
    let peer: PeerSession
    let participant: BeepSFU.ParticipantID
    private unowned let room: RoomWorker

    init(peer: PeerSession, participant: BeepSFU.ParticipantID, room: RoomWorker) {
        self.peer = peer
        self.participant = participant
        self.room = room
    }

    var isClosed: Bool { peer.isFinished }

    func handleDatagram(_ bytes: [UInt8], from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime) {
        peer.handleDatagram(bytes, from: remote, to: local, now: now)
        drainEvents(now: now)
    }

    func handleTimeout(now: MonotonicTime) {
        peer.handleTimeout(now: now)
        drainEvents(now: now)
        room.handleTimeout(now: now)
    }

    func pollTransmit() -> UDPTransmit? {
        peer.pollTransmit().map { UDPTransmit(destination: $0.destination, bytes: $0.bytes) }
    }

    func pollTimeout() -> MonotonicTime? {
        switch (peer.pollTimeout(), room.routerTimeout) {
        case (let a?, let b?): min(a, b)
        case (let a?, nil): a
        case (nil, let b): b
        }
    }

    private func drainEvents(now: MonotonicTime) {
        while let event = peer.pollEvent() {
            switch event {
            case .rtp(let packet): room.received(rtp: packet, from: participant, now: now)
            case .rtcp(let packet): room.received(rtcp: packet, from: participant, now: now)
            case .failed, .closed: room.transportEnded(participant)
            default: break
            }
        }
    }
}
