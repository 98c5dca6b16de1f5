import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire

/// A tiny virtual UDP network that runs ICE agents in virtual time: datagrams take `delay`
/// to arrive and are dropped with probability `lossRate` (decided by a seeded generator),
/// or always while `partitioned`. Agents own addresses; a datagram to an address nobody owns
/// is lost.
final class VirtualNetwork {
    struct LoggedEvent {
        var time: MonotonicTime
        var agent: Int
        var event: ICEEvent
    }

    struct Datagram {
        var arrival: MonotonicTime
        var sequence: Int
        var transmit: ICETransmit
    }

    private(set) var agents: [ICEAgent] = []
    private var owners: [STUNAddress: Int] = [:]
    private var inFlight: [Datagram] = []
    private var sequence = 0
    private var generator: SeededGenerator
    var now: MonotonicTime = .zero
    var lossRate: Double
    var delay: Duration
    var partitioned = false
    private(set) var events: [LoggedEvent] = []
    /// Every datagram an agent emitted: time, sender index, transmit, and whether it was lost.
    private(set) var sent: [(time: MonotonicTime, agent: Int, transmit: ICETransmit, lost: Bool)] = []

    init(seed: UInt64, lossRate: Double = 0, delay: Duration = .milliseconds(10)) {
        generator = SeededGenerator(seed: seed)
        self.lossRate = lossRate
        self.delay = delay
    }

    /// Adds `agent`, owning `addresses`; returns its index.
    @discardableResult
    func attach(_ agent: ICEAgent, addresses: [STUNAddress]) -> Int {
        agents.append(agent)
        let index = agents.count - 1
        for address in addresses { owners[address] = index }
        return index
    }

    /// Events of one agent, in order.
    func events(of agent: Int) -> [(time: MonotonicTime, event: ICEEvent)] {
        events.filter { $0.agent == agent }.map { ($0.time, $0.event) }
    }

    /// The first time `agent` reported `state`, if any.
    func firstTime(_ agent: Int, reached state: ICEConnectionState, after start: MonotonicTime = .zero) -> MonotonicTime? {
        events.first { $0.agent == agent && $0.time >= start && $0.event == .connectionStateChanged(state) }?.time
    }

    private func drain() {
        for (index, agent) in agents.enumerated() {
            while let transmit = agent.pollTransmit() {
                let lost = partitioned || (lossRate > 0 && Double(generator.next() >> 11) / Double(UInt64(1) << 53) < lossRate)
                sent.append((now, index, transmit, lost))
                guard !lost else { continue }
                sequence += 1
                inFlight.append(Datagram(arrival: now + delay, sequence: sequence, transmit: transmit))
            }
            while let event = agent.pollEvent() {
                events.append(LoggedEvent(time: now, agent: index, event: event))
            }
        }
    }

    /// Runs the network until virtual time `end` (or until nothing is scheduled).
    func run(until end: MonotonicTime) {
        var iterations = 0
        while iterations < 1_000_000 {
            iterations += 1
            drain()
            let nextDelivery = inFlight.map(\.arrival).min()
            let nextTimeout = agents.compactMap { $0.pollTimeout() }.min()
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
            for agent in agents {
                if let deadline = agent.pollTimeout(), deadline <= now { agent.handleTimeout(now: now) }
            }
        }
    }

    /// Injects raw bytes as if `transmit.source` had sent them (they are parsed like the
    /// driver would; unparsable bytes never reach the agent).
    func deliver(_ transmit: ICETransmit) {
        guard let owner = owners[transmit.destination], agents.indices.contains(owner),
              let message = try? STUNMessage.parse(transmit.bytes) else { return }
        agents[owner].handleSTUN(message, from: transmit.source, to: transmit.destination, now: now)
    }

    /// Runs until `until` and returns.
    func advance(by duration: Duration) {
        run(until: now + duration)
    }
}
