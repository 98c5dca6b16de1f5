import ArgumentParser
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

    /// True when TURN is switched off (`--turn-ports off`).
    var disabled: Bool { ["off", "none", ""].contains(turnPorts.lowercased()) }

    /// The socket server for these options, or nil when disabled.
    func makeServer(mediaHost: String, logger: Logger) throws -> TURNSocketServer? {
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
        let configuration = TURNSocketServerConfiguration(
            host: host, udpPorts: Array(ports), tcpPorts: [ports.lowerBound], relayHost: relayHost,
            relayPorts: UInt16(relayPorts.lowerBound)...UInt16(relayPorts.upperBound), turn: turn)
        return try TURNSocketServer(configuration: configuration, logger: logger)
    }
}
