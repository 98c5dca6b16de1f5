import ArgumentParser
import BeepCallServer
import BeepSFUServer
import BeepSTUN
import BeepTURN
import BeepTURNServer
import Foundation
import Logging

/// The `--turn-*` options of `beep` (docs/operations.md).
struct TURNOptions: ParsableArguments {
    @Option(help: "TURN/STUN UDP ports, e.g. 3478-3479; TCP listens on the first (BEEP_TURN_PORTS; 'off' disables).")
    var turnPorts: String = ProcessInfo.processInfo.environment["BEEP_TURN_PORTS"] ?? "3478-3479"

    @Option(help: "Address the TURN sockets bind (BEEP_TURN_HOST); default the media host.")
    var turnHost: String? = ProcessInfo.processInfo.environment["BEEP_TURN_HOST"]

    @Option(help: "IP address of relay sockets, told to clients (BEEP_TURN_RELAY_HOST); default the TURN host.")
    var turnRelayHost: String? = ProcessInfo.processInfo.environment["BEEP_TURN_RELAY_HOST"]

    @Option(help: "Relay UDP port range (BEEP_TURN_RELAY_PORTS).")
    var turnRelayPorts: String = ProcessInfo.processInfo.environment["BEEP_TURN_RELAY_PORTS"] ?? "49152-65535"

    @Option(help: "TURN REST shared secret (prefer BEEP_TURN_SECRET; default ./data/turn-secret, created 0600).")
    var turnSecret: String? = ProcessInfo.processInfo.environment["BEEP_TURN_SECRET"]

    @Option(help: "Peers the relay may reach, comma-separated CIDRs (BEEP_TURN_ALLOW); default the media host.")
    var turnAllow: String? = ProcessInfo.processInfo.environment["BEEP_TURN_ALLOW"]

    @Option(help: "TURN realm (BEEP_TURN_REALM).")
    var turnRealm: String = ProcessInfo.processInfo.environment["BEEP_TURN_REALM"] ?? "beep"

    @Option(help: "TCP port of TURN over TLS (BEEP_TURN_TLS_PORT, e.g. 5349); needs --turn-tls-cert and --turn-tls-key.")
    var turnTlsPort: Int? = ProcessInfo.processInfo.environment["BEEP_TURN_TLS_PORT"].flatMap { Int($0) }

    @Option(help: "PEM certificate chain for TURN over TLS (BEEP_TURN_TLS_CERT).")
    var turnTlsCert: String? = ProcessInfo.processInfo.environment["BEEP_TURN_TLS_CERT"]

    @Option(help: "PEM private key for TURN over TLS (BEEP_TURN_TLS_KEY).")
    var turnTlsKey: String? = ProcessInfo.processInfo.environment["BEEP_TURN_TLS_KEY"]

    @Option(help: "Host name or IP clients reach TURN at, in the URLs sent with a join (BEEP_TURN_PUBLIC_HOST); default the relay host.")
    var turnPublicHost: String? = ProcessInfo.processInfo.environment["BEEP_TURN_PUBLIC_HOST"]

    @Option(help: "Lifetime in seconds of the TURN credentials sent with a join (BEEP_TURN_CREDENTIAL_TTL).")
    var turnCredentialTtl: Int = ProcessInfo.processInfo.environment["BEEP_TURN_CREDENTIAL_TTL"].flatMap { Int($0) } ?? 86_400

    @Option(help: "Most simultaneous TURN allocations per user (BEEP_TURN_USER_QUOTA); beyond: 486.")
    var turnUserQuota: Int = ProcessInfo.processInfo.environment["BEEP_TURN_USER_QUOTA"].flatMap { Int($0) } ?? 10

    @Option(help: "Most simultaneous TURN allocations in total (BEEP_TURN_TOTAL_QUOTA); beyond: 486.")
    var turnTotalQuota: Int = ProcessInfo.processInfo.environment["BEEP_TURN_TOTAL_QUOTA"].flatMap { Int($0) } ?? 1000

    @Option(help: "Bandwidth cap per TURN allocation in bytes/s, both directions (BEEP_TURN_BANDWIDTH); 0: no cap.")
    var turnBandwidth: Int = ProcessInfo.processInfo.environment["BEEP_TURN_BANDWIDTH"].flatMap { Int($0) } ?? 0

    /// True when TURN is switched off (`--turn-ports off`).
    var disabled: Bool { ["off", "none", ""].contains(turnPorts.lowercased()) }

    /// The TURN sockets and the credentials the signalling hub issues with each join.
    struct Setup {
        /// The socket server (not started yet).
        var server: TURNSocketServer
        /// Beep's TURN URLs and REST credentials for `joined` (docs/signalling.md).
        var joinCredentials: TURNJoinCredentials
    }

    /// The TURN server and join credentials for these options, or nil when disabled.
    func makeSetup(mediaHost: String, logger: Logger) throws -> Setup? {
        guard !disabled else { return nil }
        guard let ports = PortRangeText.parse(turnPorts) else {
            throw ValidationError("--turn-ports must look like 3478-3479 or 'off'")
        }
        guard let relayPorts = PortRangeText.parse(turnRelayPorts), relayPorts.lowerBound > 0 else {
            throw ValidationError("--turn-relay-ports must look like 49152-65535")
        }
        let host = turnHost ?? mediaHost
        let relayText = turnRelayHost ?? host
        guard let relayHost = STUNAddress(host: relayText, port: 0),
              !relayHost.addressBytes.allSatisfy({ $0 == 0 }) else {
            throw ValidationError("--turn-relay-host must be a concrete IP address (got \(relayText))")
        }
        let allowText = turnAllow ?? mediaHost
        var allowed: [TURNAddressPrefix] = []
        for item in allowText.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !item.isEmpty {
            guard let prefix = TURNAddressPrefix(item) else { throw ValidationError("--turn-allow: bad CIDR \(item)") }
            if prefix.networkBytes.allSatisfy({ $0 == 0 }), prefix.length == prefix.networkBytes.count * 8 {
                logger.warning("ignoring unspecified TURN peer address \(item); set --turn-allow to the media IP")
                continue
            }
            allowed.append(prefix)
        }
        if allowed.isEmpty { logger.warning("TURN peer allowlist is empty: relays reach nobody") }
        let secret = try TURNSecretStore.loadOrCreate(explicit: turnSecret, dataDirectory: URL(fileURLWithPath: "data"))
        var turn = TURNServerConfiguration(realm: turnRealm, secrets: [secret], unixTimeAtOrigin: 0)
        turn.peerPolicy = TURNPeerAddressPolicy(allowed: allowed)
        try applyLimits(to: &turn)
        let tls = try tlsIdentity()
        let configuration = TURNSocketServerConfiguration(
            host: host, udpPorts: Array(ports), tcpPorts: [ports.lowerBound],
            tlsPorts: tls == nil ? [] : turnTlsPort.map { [$0] } ?? [], tls: tls, relayHost: relayHost,
            relayPorts: UInt16(relayPorts.lowerBound)...UInt16(relayPorts.upperBound), turn: turn)
        guard turnCredentialTtl > 0 else { throw ValidationError("--turn-credential-ttl must be positive seconds") }
        let urls = TURNJoinCredentials.urls(host: turnPublicHost ?? relayText, port: ports.lowerBound,
                                            tlsPort: tls == nil ? nil : turnTlsPort)
        return Setup(server: try TURNSocketServer(configuration: configuration, logger: logger),
                     joinCredentials: TURNJoinCredentials(secret: secret, urls: urls, ttl: .seconds(turnCredentialTtl)))
    }

    /// Quotas and the bandwidth cap (docs/operations.md, "Quotas and limits").
    private func applyLimits(to turn: inout TURNServerConfiguration) throws {
        guard turnUserQuota >= 0, turnTotalQuota >= 0 else {
            throw ValidationError("--turn-user-quota and --turn-total-quota must not be negative")
        }
        guard turnBandwidth >= 0 else { throw ValidationError("--turn-bandwidth must not be negative (0: no cap)") }
        turn.maxAllocationsPerUser = turnUserQuota
        turn.maxAllocations = turnTotalQuota
        turn.bandwidthBytesPerSecond = turnBandwidth == 0 ? nil : turnBandwidth
    }

    /// The TLS certificate and key, when `--turn-tls-port` is set; all three or none.
    private func tlsIdentity() throws -> TURNTLSIdentity? {
        switch (turnTlsPort, turnTlsCert, turnTlsKey) {
        case (nil, nil, nil):
            return nil
        case (let port?, let cert?, let key?):
            guard (1...65535).contains(port) else { throw ValidationError("--turn-tls-port must be 1-65535") }
            return TURNTLSIdentity(certificateChainPath: cert, privateKeyPath: key)
        default:
            throw ValidationError("TURN over TLS needs --turn-tls-port, --turn-tls-cert and --turn-tls-key together")
        }
    }
}
