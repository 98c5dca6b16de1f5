import BeepICE
import BeepPeer
import BeepSFU
import BeepSFUServer
import BeepSTUN
import BeepWire
import NIOCore

/// One call participant's transport on the media socket: its `PeerSession`, whose decrypted
/// media goes to the room's router, and whose timer also drives the router.
final class ParticipantUDPSession: UDPSession {
    let peer: PeerSession
    let participant: BeepSFU.ParticipantID
    private unowned let room: RoomWorker
    /// The send-path test hook (``LinkTestHook``); nil in normal operation.
    private(set) var linkHook: LinkTestHook<STUNAddress>?

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
        guard var hook = linkHook else {
            return peer.pollTransmit().map { UDPTransmit(destination: $0.destination, bytes: $0.bytes) }
        }
        let now = MonotonicTime(nanoseconds: Int64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds))
        while let transmit = peer.pollTransmit() { hook.enqueue(transmit.bytes, to: transmit.destination, now: now) }
        let next = hook.dequeue(now: now)
        linkHook = hook
        return next.map { UDPTransmit(destination: $0.destination, bytes: $0.datagram) }
    }

    func didFlush(now: MonotonicTime) { room.transportFlushed(participant, now: now) }

    func pollTimeout() -> MonotonicTime? {
        MonotonicTime.earliest(MonotonicTime.earliest(peer.pollTimeout(), room.routerTimeout), linkHook?.nextRelease)
    }

    /// Applies the send-path test hook; pass-through settings remove it (queued datagrams are
    /// delivered first).
    func setLinkHook(_ settings: LinkTestSettings) {
        if settings.isPassThrough, linkHook?.nextRelease == nil {
            linkHook = nil
        } else if linkHook == nil {
            linkHook = LinkTestHook(settings: settings)
        } else {
            linkHook?.update(settings)
        }
    }

    /// Datagrams the test hook dropped: (queue full under the cap, random drop).
    var linkHookDrops: (cap: UInt64, random: UInt64)? {
        linkHook.map { ($0.droppedByCap, $0.droppedRandomly) }
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
