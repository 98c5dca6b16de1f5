import BeepICE
import BeepSTUN
import BeepTestSupport
import BeepWire

extension ICEAgent: VirtualNetworkNode {
    /// Where the datagram goes.
    public static func destination(of datagram: ICETransmit) -> STUNAddress { datagram.destination }

    /// Parses the bytes as a driver would; unparsable bytes never reach the agent.
    public func receive(_ datagram: ICETransmit, now: MonotonicTime) {
        guard let message = try? STUNMessage.parse(datagram.bytes) else { return }
        handleSTUN(message, from: datagram.source, to: datagram.destination, now: now)
    }
}

/// ICE agents on a ``VirtualDatagramNetwork``.
typealias VirtualNetwork = VirtualDatagramNetwork<ICEAgent>

extension VirtualDatagramNetwork where Node == ICEAgent {
    /// The attached agents, by index.
    var agents: [ICEAgent] { nodes }

    /// Events of one agent, in order.
    func events(of agent: Int) -> [(time: MonotonicTime, event: ICEEvent)] {
        events.filter { $0.node == agent }.map { ($0.time, $0.event) }
    }

    /// The first time `agent` reported `state`, if any.
    func firstTime(_ agent: Int, reached state: ICEConnectionState, after start: MonotonicTime = .zero) -> MonotonicTime? {
        firstTime(agent, after: start) { $0 == .connectionStateChanged(state) }
    }
}
