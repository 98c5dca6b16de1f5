import BeepCalls
import BeepICE
import BeepSTUN

/// How a bot uses the TURN servers `joined` offers (docs/bot.md, "Through TURN").
public enum BotTURNUse: Sendable, Hashable {
    /// Ignore them: host candidates only (the load runner's default, so benchmark figures do
    /// not include TURN allocations).
    case ignore
    /// Gather a relayed candidate on each usable server beside the host candidate, as a
    /// browser does; ICE prefers the host pair when both work (RFC 8445 §5.1.2.2).
    case whenOffered
    /// Relayed candidates only (`iceTransportPolicy: "relay"`); the call fails when `joined`
    /// offers no usable server.
    case relayOnly
}

/// The TURN servers a bot can use from `joined.iceServers` (docs/signalling.md "ICEServer").
public enum BotTURNServers {
    /// Every `turn:` URI over UDP (RFC 7065 §3: no `transport` means UDP) whose host is an IP
    /// literal, with the entry's REST credentials. `turns:`, TCP and host names are skipped:
    /// the bot's driver speaks UDP only and resolves no names.
    public static func usable(_ iceServers: [ICEServer]) -> [ICETURNServer] {
        var servers: [ICETURNServer] = []
        for entry in iceServers {
            guard let username = entry.username, let password = entry.credential else { continue }
            for url in entry.urls {
                guard let address = udpAddress(of: url), !servers.contains(where: { $0.address == address }) else {
                    continue
                }
                servers.append(ICETURNServer(address: address, username: username, password: password))
            }
        }
        return servers
    }

    /// `turn:HOST:PORT[?transport=udp]` → the address; nil for anything else.
    public static func udpAddress(of url: String) -> STUNAddress? {
        guard url.hasPrefix("turn:") else { return nil }
        let rest = url.dropFirst("turn:".count)
        let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let hostPort = parts.first else { return nil }
        if parts.count == 2, parts[1].lowercased() != "transport=udp" { return nil }
        let host: Substring
        let portText: Substring
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return nil }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            portText = after.hasPrefix(":") ? after.dropFirst() : "3478"
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
            portText = "3478"
        }
        guard let port = UInt16(portText), port != 0 else { return nil }
        return STUNAddress(host: String(host), port: port)
    }
}
