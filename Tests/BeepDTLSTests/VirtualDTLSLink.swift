import BeepDTLS
import BeepSRTP
import BeepWire

/// A client and a server `DTLSEndpoint` joined by a lossless-by-default, zero-latency
/// virtual wire and a virtual clock: datagrams are delivered as soon as they are polled,
/// and when nothing is in flight the clock jumps to the earliest `pollTimeout()`.
final class VirtualDTLSLink {
    /// One datagram put on the wire.
    struct Sent {
        let from: DTLSRole
        let at: MonotonicTime
        let bytes: [UInt8]
        let dropped: Bool
    }

    let client: DTLSEndpoint
    let server: DTLSEndpoint
    private(set) var now: MonotonicTime = .zero
    private(set) var sent: [Sent] = []
    private(set) var clientEvents: [DTLSEvent] = []
    private(set) var serverEvents: [DTLSEvent] = []
    /// Decides whether a datagram is lost: (sender, index among that sender's datagrams,
    /// virtual send time, bytes).
    var drop: (DTLSRole, Int, MonotonicTime, [UInt8]) -> Bool = { _, _, _, _ in false }

    init(client: DTLSEndpoint, server: DTLSEndpoint) {
        self.client = client
        self.server = server
    }

    /// Two fresh endpoints with new certificates, each expecting the other's fingerprint
    /// unless `clientExpects` overrides what the client expects from the server.
    static func make(clientProfiles: [SRTPProfile] = SRTPProfile.defaultPreference,
                     serverProfiles: [SRTPProfile] = SRTPProfile.defaultPreference,
                     mtu: Int = 1200,
                     clientExpects: DTLSFingerprint? = nil) throws -> VirtualDTLSLink {
        let clientCertificate = try DTLSCertificate(commonName: "client")
        let serverCertificate = try DTLSCertificate(commonName: "server")
        let client = try DTLSEndpoint(role: .client, certificate: clientCertificate,
                                      remoteFingerprint: clientExpects ?? serverCertificate.fingerprint,
                                      profiles: clientProfiles, mtu: mtu)
        let server = try DTLSEndpoint(role: .server, certificate: serverCertificate,
                                      remoteFingerprint: clientCertificate.fingerprint,
                                      profiles: serverProfiles, mtu: mtu)
        return VirtualDTLSLink(client: client, server: server)
    }

    func datagrams(from role: DTLSRole) -> [Sent] { sent.filter { $0.from == role } }

    /// Starts both endpoints and runs until both are finished with the handshake
    /// (connected, failed or closed) and the wire is idle, or `limit` virtual time passed.
    func runHandshake(limit: Duration = .seconds(300)) {
        client.start(now: now)
        server.start(now: now)
        run(limit: limit) { [client, server] in
            client.state != .handshaking && server.state != .handshaking
        }
    }

    /// Delivers datagrams and fires timers until `done()` holds with an idle wire, no
    /// timer is pending, or the clock would pass `limit` from now.
    func run(limit: Duration, until done: () -> Bool) {
        let end = now + limit
        while true {
            deliverAll()
            if done() { return }
            let deadlines = [client.pollTimeout(), server.pollTimeout()].compactMap { $0 }
            guard let next = deadlines.min(), next <= end else { return }
            now = max(now, next)
            client.handleTimeout(now: now)
            server.handleTimeout(now: now)
        }
    }

    /// Moves every queued datagram across the wire until both sides are quiet.
    func deliverAll() {
        var moved = true
        while moved {
            moved = false
            for (sender, receiver) in [(client, server), (server, client)] {
                while let datagram = sender.pollTransmit() {
                    moved = true
                    let index = datagrams(from: sender.role).count
                    let lost = drop(sender.role, index, now, datagram)
                    sent.append(Sent(from: sender.role, at: now, bytes: datagram, dropped: lost))
                    if !lost { receiver.handleDatagram(datagram, now: now) }
                }
            }
            drainEvents()
        }
    }

    /// Injects a datagram into one endpoint as if it came from the wire.
    func inject(_ datagram: [UInt8], into role: DTLSRole) {
        (role == .client ? client : server).handleDatagram(datagram, now: now)
        deliverAll()
    }

    /// Advances the clock without delivering anything.
    func advance(by duration: Duration) {
        now = now + duration
    }

    private func drainEvents() {
        while let event = client.pollEvent() { clientEvents.append(event) }
        while let event = server.pollEvent() { serverEvents.append(event) }
    }

    /// The keys from a side's `.connected` event, if it connected.
    func keys(of role: DTLSRole) -> SRTPKeys? {
        for case .connected(let keys, _) in (role == .client ? clientEvents : serverEvents) { return keys }
        return nil
    }

    /// The failure a side reported, if any.
    func failure(of role: DTLSRole) -> DTLSError? {
        for case .failed(let error) in (role == .client ? clientEvents : serverEvents) { return error }
        return nil
    }
}
