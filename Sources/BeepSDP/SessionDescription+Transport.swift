/// The ICE username fragment and password that apply to a media section (RFC 8839 §5.4).
public struct ICECredentials: Hashable, Sendable {
    /// `ice-ufrag`.
    public var ufrag: String
    /// `ice-pwd`.
    public var pwd: String

    /// Creates credentials.
    public init(ufrag: String, pwd: String) {
        self.ufrag = ufrag
        self.pwd = pwd
    }
}

extension SessionDescription {
    /// The `a=group` lines.
    public var groups: [MediaGroup] { attributes.all { if case .group(let v) = $0 { v } else { nil } } }

    /// The BUNDLE groups (RFC 8843 §7), each a list of mids.
    public var bundleGroups: [[String]] {
        groups.filter { $0.semantics == MediaGroup.bundle }.map(\.mids)
    }

    /// The mids of the first BUNDLE group, or empty (WebRTC uses one, RFC 8829 §5.2.1 max-bundle).
    public var bundleMids: [String] { bundleGroups.first ?? [] }

    /// The BUNDLE group that contains `mid`, if any.
    public func bundleGroup(containing mid: String) -> [String]? {
        bundleGroups.first { $0.contains(mid) }
    }

    /// The media section whose `a=mid` is `mid`.
    public func media(withMid mid: String) -> MediaDescription? {
        media.first { $0.mid == mid }
    }

    /// Session-level `a=ice-lite` present (RFC 8839 §5.3).
    public var iceLite: Bool { attributes.contains(.iceLite) }

    /// The ICE credentials for a media section: its own `ice-ufrag`/`ice-pwd`, each falling back to
    /// the session level (RFC 8839 §5.4). Nil when either is missing at both levels.
    public func iceCredentials(for section: MediaDescription) -> ICECredentials? {
        let ufrag = section.iceUfrag ?? attributes.first { if case .iceUfrag(let v) = $0 { v } else { nil } }
        let pwd = section.icePwd ?? attributes.first { if case .icePwd(let v) = $0 { v } else { nil } }
        guard let ufrag, let pwd else { return nil }
        return ICECredentials(ufrag: ufrag, pwd: pwd)
    }

    /// The ICE options for a media section, media level first, else session level (RFC 8839 §5.6).
    public func iceOptions(for section: MediaDescription) -> [String] {
        let own = section.iceOptions
        return own.isEmpty ? attributes.all { if case .iceOptions(let v) = $0 { v } else { nil } }.flatMap { $0 } : own
    }

    /// The DTLS fingerprints for a media section: its own, else the session-level ones (RFC 8122 §5).
    public func fingerprints(for section: MediaDescription) -> [Fingerprint] {
        let own = section.fingerprints
        return own.isEmpty ? attributes.all { if case .fingerprint(let v) = $0 { v } else { nil } } : own
    }

    /// The DTLS setup role for a media section, media level first, else session level (RFC 8842 §5).
    public func setupRole(for section: MediaDescription) -> SetupRole? {
        section.setup ?? attributes.first { if case .setup(let v) = $0 { v } else { nil } }
    }

    /// The header extensions for a media section: session-level `extmap` lines then its own (RFC 8285 §8
    /// allows both levels).
    public func headerExtensions(for section: MediaDescription) -> [ExtensionMap] {
        attributes.all { if case .extmap(let v) = $0 { v } else { nil } } + section.headerExtensions
    }

    /// Whether mixed one-/two-byte header extensions are allowed for a section (RFC 8285 §6).
    public func extmapAllowMixed(for section: MediaDescription) -> Bool {
        section.extmapAllowMixed || attributes.contains(.extmapAllowMixed)
    }
}
