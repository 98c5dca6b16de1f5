import BeepPeer
import BeepSTUN
import BeepTestSupport
import BeepWire

/// A tiny virtual UDP network that runs ``PeerSession``s in virtual time: every datagram a
/// session emits takes `delay` to reach the session owning its destination address, and is
/// lost with probability `lossRate` (decided by a seeded generator) or always while
/// `partitioned`. The clock jumps to the next delivery or session deadline; nothing sleeps.
final class VirtualPeerNetwork {
    /// An event a session reported, with the virtual time it was drained at.
    struct LoggedEvent {
        var time: MonotonicTime
        var session: Int
        var event: PeerEvent
    }

    /// A datagram a session emitted, and whether the network lost it.
    struct SentDatagram {
        var time: MonotonicTime
        var session: Int
        var transmit: PeerTransmit
        var lost: Bool
    }

    private struct InFlight {
        var arrival: MonotonicTime
        var sequence: Int
        var transmit: PeerTransmit
    }

    private(set) var sessions: [PeerSession] = []
    private var owners: [STUNAddress: Int] = [:]
    private var inFlight: [InFlight] = []
    private var sequence = 0
    private var generator: SeededGenerator
    private(set) var now: MonotonicTime = .zero
    var lossRate: Double
    var delay: Duration
    var partitioned = false
    private(set) var events: [LoggedEvent] = []
    private(set) var sent: [SentDatagram] = []

    init(seed: UInt64, lossRate: Double = 0, delay: Duration = .milliseconds(10)) {
        generator = SeededGenerator(seed: seed)
        self.lossRate = lossRate
        self.delay = delay
    }

    /// Adds `session`, owning `addresses`; returns its index.
    @discardableResult
    func attach(_ session: PeerSession, addresses: [STUNAddress]) -> Int {
        sessions.append(session)
        let index = sessions.count - 1
        for address in addresses { owners[address] = index }
        drain()
        return index
    }

    /// The events of one session, in order.
    func events(of session: Int) -> [PeerEvent] {
        events.filter { $0.session == session }.map(\.event)
    }

    /// The first time `session` reported an event matching `predicate` at or after `start`.
    func firstTime(_ session: Int, after start: MonotonicTime = .zero, where predicate: (PeerEvent) -> Bool) -> MonotonicTime? {
        events.first { $0.session == session && $0.time >= start && predicate($0.event) }?.time
    }

    /// The first time `session` reported the event `event` at or after `start`.
    func firstTime(_ session: Int, reported event: PeerEvent, after start: MonotonicTime = .zero) -> MonotonicTime? {
        firstTime(session, after: start) { $0 == event }
    }

    /// The decrypted RTP packets `session` received at or after `start`.
    func receivedRTP(by session: Int, after start: MonotonicTime = .zero) -> [[UInt8]] {
        events.compactMap { entry in
            guard entry.session == session, entry.time >= start, case .rtp(let bytes) = entry.event else { return nil }
            return bytes
        }
    }

    /// The decrypted RTCP packets `session` received at or after `start`.
    func receivedRTCP(by session: Int, after start: MonotonicTime = .zero) -> [[UInt8]] {
        events.compactMap { entry in
            guard entry.session == session, entry.time >= start, case .rtcp(let bytes) = entry.event else { return nil }
            return bytes
        }
    }

    /// Collects what every session wants sent (deciding loss) and what it reports.
    func drain() {
        for (index, session) in sessions.enumerated() {
            while let transmit = session.pollTransmit() {
                let lost = partitioned || (lossRate > 0 && Self.unitInterval(generator.next()) < lossRate)
                sent.append(SentDatagram(time: now, session: index, transmit: transmit, lost: lost))
                guard !lost else { continue }
                sequence += 1
                inFlight.append(InFlight(arrival: now + delay, sequence: sequence, transmit: transmit))
            }
            while let event = session.pollEvent() {
                events.append(LoggedEvent(time: now, session: index, event: event))
            }
        }
    }

    /// Runs until virtual time `end`, or earlier once `done()` holds (checked after every step).
    func run(until end: MonotonicTime, stopWhen done: () -> Bool = { false }) {
        var iterations = 0
        while iterations < 1_000_000 {
            iterations += 1
            drain()
            if done() { return }
            let nextDelivery = inFlight.map(\.arrival).min()
            let nextTimeout = sessions.compactMap { $0.pollTimeout() }.min()
            guard let next = [nextDelivery, nextTimeout].compactMap({ $0 }).min(), next <= end else {
                now = max(now, end)
                return
            }
            now = max(now, next)
            let due = inFlight.filter { $0.arrival <= now }.sorted { $0.sequence < $1.sequence }
            inFlight.removeAll { $0.arrival <= now }
            for datagram in due {
                deliver(datagram.transmit)
                drain()
            }
            for session in sessions {
                if let deadline = session.pollTimeout(), deadline <= now { session.handleTimeout(now: now) }
            }
        }
    }

    /// Runs for `duration` of virtual time.
    func advance(by duration: Duration) {
        run(until: now + duration)
    }

    /// Hands a datagram to the session owning its destination, now, as a driver would; a
    /// datagram to an address nobody owns is lost.
    func deliver(_ transmit: PeerTransmit) {
        guard let owner = owners[transmit.destination], sessions.indices.contains(owner) else { return }
        sessions[owner].handleDatagram(transmit.bytes, from: transmit.source, to: transmit.destination, now: now)
    }

    /// Injects `bytes` as if `source` had sent them to `destination`, delivered immediately.
    func inject(_ bytes: [UInt8], from source: STUNAddress, to destination: STUNAddress) {
        deliver(PeerTransmit(source: source, destination: destination, bytes: bytes))
        drain()
    }

    /// A uniform value in [0, 1) from the top 53 bits.
    private static func unitInterval(_ bits: UInt64) -> Double {
        Double(bits >> 11) / Double(UInt64(1) << 53)
    }
}
