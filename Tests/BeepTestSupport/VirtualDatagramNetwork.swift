import BeepWire

/// A sans-IO endpoint (an ICE agent, a peer session) the virtual network can drive.
public protocol VirtualNetworkNode: AnyObject {
    /// How endpoints are addressed.
    associatedtype Address: Hashable
    /// What it sends.
    associatedtype Transmit
    /// What it reports.
    associatedtype Event
    /// The next datagram it wants sent, if any.
    func pollTransmit() -> Transmit?
    /// The next event it reports, if any.
    func pollEvent() -> Event?
    /// When it next wants ``handleTimeout(now:)``.
    func pollTimeout() -> MonotonicTime?
    /// Its timers fire.
    func handleTimeout(now: MonotonicTime)
    /// Where `datagram` goes.
    static func destination(of datagram: Transmit) -> Address
    /// A datagram arrives for it.
    func receive(_ datagram: Transmit, now: MonotonicTime)
}

/// A tiny virtual UDP network that runs sans-IO endpoints in virtual time: every datagram a
/// node emits takes `delay` to reach the node owning its destination address, and is lost
/// with probability `lossRate` (decided by a seeded generator) or always while
/// `partitioned`; a datagram to an address nobody owns is lost. The clock jumps to the next
/// delivery or node deadline; nothing sleeps.
public final class VirtualDatagramNetwork<Node: VirtualNetworkNode> {
    /// An event a node reported, with the virtual time it was drained at.
    public struct LoggedEvent {
        /// When it was drained.
        public var time: MonotonicTime
        /// The node's index.
        public var node: Int
        /// What it reported.
        public var event: Node.Event
    }

    /// A datagram a node emitted, and whether the network lost it.
    public struct SentDatagram {
        /// When it was sent.
        public var time: MonotonicTime
        /// The sender's index.
        public var node: Int
        /// The datagram.
        public var transmit: Node.Transmit
        /// Whether the network dropped it.
        public var lost: Bool
    }

    private struct InFlight {
        var arrival: MonotonicTime
        var sequence: Int
        var transmit: Node.Transmit
    }

    /// The attached nodes, by index.
    public private(set) var nodes: [Node] = []
    private var owners: [Node.Address: Int] = [:]
    private var inFlight: [InFlight] = []
    private var sequence = 0
    private var generator: SeededGenerator
    /// The virtual clock.
    public private(set) var now: MonotonicTime = .zero
    /// The probability of losing each datagram.
    public var lossRate: Double
    /// The one-way delay of every datagram.
    public var delay: Duration
    /// Drops everything while set.
    public var partitioned = false
    /// Every event reported, in order.
    public private(set) var events: [LoggedEvent] = []
    /// Every datagram emitted, in order.
    public private(set) var sent: [SentDatagram] = []

    /// An empty network whose losses follow `seed`.
    public init(seed: UInt64, lossRate: Double = 0, delay: Duration = .milliseconds(10)) {
        generator = SeededGenerator(seed: seed)
        self.lossRate = lossRate
        self.delay = delay
    }

    /// Adds `node`, owning `addresses`; returns its index.
    @discardableResult
    public func attach(_ node: Node, addresses: [Node.Address]) -> Int {
        nodes.append(node)
        let index = nodes.count - 1
        for address in addresses { owners[address] = index }
        return index
    }

    /// The first time `node` reported an event matching `predicate` at or after `start`.
    public func firstTime(_ node: Int, after start: MonotonicTime = .zero,
                          where predicate: (Node.Event) -> Bool) -> MonotonicTime? {
        events.first { $0.node == node && $0.time >= start && predicate($0.event) }?.time
    }

    /// Collects what every node wants sent (deciding loss) and what it reports.
    public func drain() {
        for (index, node) in nodes.enumerated() {
            while let transmit = node.pollTransmit() {
                let lost = partitioned || (lossRate > 0 && Self.unitInterval(generator.next()) < lossRate)
                sent.append(SentDatagram(time: now, node: index, transmit: transmit, lost: lost))
                guard !lost else { continue }
                sequence += 1
                inFlight.append(InFlight(arrival: now + delay, sequence: sequence, transmit: transmit))
            }
            while let event = node.pollEvent() {
                events.append(LoggedEvent(time: now, node: index, event: event))
            }
        }
    }

    /// Runs until virtual time `end`, or earlier once `done()` holds (checked after every step).
    public func run(until end: MonotonicTime, stopWhen done: () -> Bool = { false }) {
        var iterations = 0
        while iterations < 1_000_000 {
            iterations += 1
            drain()
            if done() { return }
            let nextDelivery = inFlight.map(\.arrival).min()
            let nextTimeout = nodes.compactMap { $0.pollTimeout() }.min()
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
            for node in nodes {
                if let deadline = node.pollTimeout(), deadline <= now { node.handleTimeout(now: now) }
            }
        }
    }

    /// Runs for `duration` of virtual time.
    public func advance(by duration: Duration) {
        run(until: now + duration)
    }

    /// Hands a datagram to the node owning its destination, now, as a driver would; a
    /// datagram to an address nobody owns is lost.
    public func deliver(_ transmit: Node.Transmit) {
        guard let owner = owners[Node.destination(of: transmit)], nodes.indices.contains(owner) else { return }
        nodes[owner].receive(transmit, now: now)
    }

    /// A uniform value in [0, 1) from the top 53 bits.
    private static func unitInterval(_ bits: UInt64) -> Double {
        Double(bits >> 11) / Double(UInt64(1) << 53)
    }
}
