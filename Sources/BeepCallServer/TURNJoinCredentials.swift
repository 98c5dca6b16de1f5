import BeepCalls
import BeepTURN
import Foundation

/// The TURN servers a participant gets in `joined` (docs/signalling.md, "ICEServer"; issue 6):
/// Beep's TURN URLs with "TURN REST API" credentials for the participant's identity, i.e.
/// username `"<expiry>:<identity>"` and password `base64(HMAC-SHA1(secret, username))`
/// (``TURNCredentials``), valid for ``ttl`` from the join. Beep's TURN server checks them
/// with the same secret (RFC 8489 §9.2 long-term credentials) and counts its per-user quota
/// by the identity.
public struct TURNJoinCredentials: Sendable {
    /// The shared secret of Beep's TURN server (the first of its secrets).
    public var secret: String
    /// `turn:`/`turns:` URIs (RFC 7065 §3) the participant may use, in preference order.
    public var urls: [String]
    /// How long the credentials stay valid. A call outlasting it loses its relay at the next
    /// allocation Refresh (401), so it should exceed the longest call.
    public var ttl: Duration

    /// Credentials for `urls` signed with `secret`, valid `ttl` from each join.
    public init(secret: String, urls: [String], ttl: Duration) {
        self.secret = secret
        self.urls = urls
        self.ttl = ttl
    }

    /// The `iceServers` for `identity` joining at `now`: one entry with every URL, or none
    /// when there is no URL.
    public func iceServers(identity: String, now: Date) -> [ICEServer] {
        guard !urls.isEmpty else { return [] }
        let seconds = now.timeIntervalSince1970
        let unix = seconds.isFinite && seconds > 0 && seconds < 1e15 ? Int64(seconds) : 0
        let credentials = TURNCredentials.make(secret: secret, userID: identity, ttl: ttl, now: unix)
        return [ICEServer(urls: urls, username: credentials.username, credential: credentials.password)]
    }

    /// The issuer the signalling hub runs at each join into a call.
    public var issuer: ICEServerIssuer {
        let credentials = self
        return ICEServerIssuer { grant, now in credentials.iceServers(identity: grant.identity, now: now) }
    }

    /// Beep's TURN URIs on `host` (an IP address or DNS name clients can reach): TURN over UDP
    /// and over TCP on `port`, and TURN over TLS on `tlsPort` when set (RFC 7065 §3:
    /// `turn:host:port?transport=udp|tcp`, `turns:host:port?transport=tcp`).
    public static func urls(host: String, port: Int, tlsPort: Int?) -> [String] {
        let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        var urls = ["turn:\(name):\(port)?transport=udp", "turn:\(name):\(port)?transport=tcp"]
        if let tlsPort { urls.append("turns:\(name):\(tlsPort)?transport=tcp") }
        return urls
    }
}
