import Foundation

/// One entry of `iceServers` in `joined` (docs/signalling.md, "ICEServer"): what a client
/// passes to `RTCPeerConnection` as an `RTCIceServer` (W3C webrtc-pc §4.2.1), here Beep's
/// TURN URLs with time-limited REST credentials (RFC 8656 §9.2 long-term credentials).
public struct ICEServer: Sendable, Equatable, Hashable, Codable {
    /// `turn:` / `turns:` URIs (RFC 7065 §3), e.g. `turn:192.0.2.1:3478?transport=udp`.
    public var urls: [String]
    /// The TURN username, `"<expiry unix seconds>:<identity>"`; nil for STUN-only entries.
    public var username: String?
    /// The TURN password for `username`; nil for STUN-only entries.
    public var credential: String?

    /// An entry from its parts.
    public init(urls: [String], username: String? = nil, credential: String? = nil) {
        self.urls = urls
        self.username = username
        self.credential = credential
    }
}

/// Issues the `iceServers` of a participant entering a call (docs/signalling.md, "joined"):
/// a pure function of the verified grant and the wall-clock time, so ``CallRoomsState``
/// stays sans-IO. The default issues none (no TURN configured).
public struct ICEServerIssuer: Sendable {
    private let issue: @Sendable (JoinGrant, _ now: Date) -> [ICEServer]

    /// An issuer computing the entries with `issue`.
    public init(_ issue: @escaping @Sendable (JoinGrant, _ now: Date) -> [ICEServer]) {
        self.issue = issue
    }

    /// Issues no ICE servers.
    public static let none = ICEServerIssuer { _, _ in [] }

    /// The entries for `grant` at `now`.
    public func iceServers(for grant: JoinGrant, now: Date) -> [ICEServer] { issue(grant, now) }
}
