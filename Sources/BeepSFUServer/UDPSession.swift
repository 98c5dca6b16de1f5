import BeepSTUN
import BeepWire

/// A datagram a hosted session wants sent.
public struct UDPTransmit: Sendable, Equatable {
    /// Where to send it.
    public var destination: STUNAddress
    /// The datagram.
    public var bytes: [UInt8]

    /// A datagram for `destination`.
    public init(destination: STUNAddress, bytes: [UInt8]) {
        self.destination = destination
        self.bytes = bytes
    }
}

/// A sans-IO media session the UDP driver hosts (in practice a `PeerSession`). The driver
/// calls it only from the event loop that owns its socket: no locks, no actor hops.
public protocol UDPSession: AnyObject {
    /// A datagram arrived from `remote` on the socket bound to `local`.
    func handleDatagram(_ bytes: [UInt8], from remote: STUNAddress, to local: STUNAddress, now: MonotonicTime)
    /// A deadline returned by ``pollTimeout()`` has passed.
    func handleTimeout(now: MonotonicTime)
    /// The next datagram to send, or nil.
    func pollTransmit() -> UDPTransmit?
    /// The next deadline, or nil.
    func pollTimeout() -> MonotonicTime?
    /// True once the session has ended; the driver then forgets it.
    var isClosed: Bool { get }
    /// The driver flushed the socket at `now`: every datagram taken with ``pollTransmit()``
    /// so far has left.
    func didFlush(now: MonotonicTime)
}

extension UDPSession {
    /// Sessions that do not care when their datagrams leave ignore flushes.
    public func didFlush(now: MonotonicTime) {}
}

/// A session announced by signalling (its local ICE credentials are in an SDP answer) that no
/// datagram has reached yet. The first STUN check whose USERNAME names `localUfrag` and whose
/// MESSAGE-INTEGRITY verifies with `localPassword` creates it on the socket it arrived at.
public struct PendingSession: Sendable {
    /// The local ICE username fragment the peer's checks name first in USERNAME (RFC 8445 §7.2.2).
    public let localUfrag: String
    /// The local ICE password keying the checks' MESSAGE-INTEGRITY.
    public let localPassword: String
    /// Creates the session on the owning event loop, given the local address it is bound to.
    public let makeSession: @Sendable (_ local: STUNAddress, _ now: MonotonicTime) -> any UDPSession

    /// A pending session.
    public init(localUfrag: String, localPassword: String,
                makeSession: @escaping @Sendable (_ local: STUNAddress, _ now: MonotonicTime) -> any UDPSession) {
        self.localUfrag = localUfrag
        self.localPassword = localPassword
        self.makeSession = makeSession
    }
}
