/// The local ICE credentials a session took in an ICE restart (RFC 8445 §9), and the ufrag
/// it is hosted under: the socket driver keys sessions by the ufrag of their first check, so
/// a check naming the new ufrag from an address the driver has not seen yet is routed to
/// the session under `hostingUfrag` once its MESSAGE-INTEGRITY verifies with
/// `localPassword`.
public struct RestartedCredentials: Sendable, Equatable {
    /// The ufrag the session was first announced (and is hosted) under.
    public let hostingUfrag: String
    /// The new local ufrag, first in the peer's USERNAME (RFC 8445 §7.2.2).
    public let localUfrag: String
    /// The new local password keying the checks' MESSAGE-INTEGRITY.
    public let localPassword: String

    /// Restart credentials of the session hosted under `hostingUfrag`.
    public init(hostingUfrag: String, localUfrag: String, localPassword: String) {
        self.hostingUfrag = hostingUfrag
        self.localUfrag = localUfrag
        self.localPassword = localPassword
    }
}
