import BeepPeer
import BeepSTUN
import BeepTestSupport
import BeepWire

extension PeerSession: VirtualNetworkNode {
    /// Where the datagram goes.
    public static func destination(of datagram: PeerTransmit) -> STUNAddress { datagram.destination }

    /// Hands the datagram over as the driver would.
    public func receive(_ datagram: PeerTransmit, now: MonotonicTime) {
        handleDatagram(datagram.bytes, from: datagram.source, to: datagram.destination, now: now)
    }
}

/// ``PeerSession``s on a ``VirtualDatagramNetwork``.
typealias VirtualPeerNetwork = VirtualDatagramNetwork<PeerSession>

extension VirtualDatagramNetwork where Node == PeerSession {
    /// The attached sessions, by index.
    var sessions: [PeerSession] { nodes }

    /// Adds `session`, owning `addresses`, and collects what it wants sent at once; returns its index.
    @discardableResult
    func attachSession(_ session: PeerSession, addresses: [STUNAddress]) -> Int {
        let index = attach(session, addresses: addresses)
        drain()
        return index
    }

    /// The events of one session, in order.
    func events(of session: Int) -> [PeerEvent] {
        events.filter { $0.node == session }.map(\.event)
    }

    /// The first time `session` reported the event `event` at or after `start`.
    func firstTime(_ session: Int, reported event: PeerEvent, after start: MonotonicTime = .zero) -> MonotonicTime? {
        firstTime(session, after: start) { $0 == event }
    }

    /// The decrypted RTP packets `session` received at or after `start`.
    func receivedRTP(by session: Int, after start: MonotonicTime = .zero) -> [[UInt8]] {
        events.compactMap { entry in
            guard entry.node == session, entry.time >= start, case .rtp(let bytes) = entry.event else { return nil }
            return bytes
        }
    }

    /// The decrypted RTCP packets `session` received at or after `start`.
    func receivedRTCP(by session: Int, after start: MonotonicTime = .zero) -> [[UInt8]] {
        events.compactMap { entry in
            guard entry.node == session, entry.time >= start, case .rtcp(let bytes) = entry.event else { return nil }
            return bytes
        }
    }

    /// Injects `bytes` as if `source` had sent them to `destination`, delivered immediately.
    func inject(_ bytes: [UInt8], from source: STUNAddress, to destination: STUNAddress) {
        deliver(PeerTransmit(source: source, destination: destination, bytes: bytes))
        drain()
    }
}
