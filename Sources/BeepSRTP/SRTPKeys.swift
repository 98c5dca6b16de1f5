/// The master keys and salts of one SRTP session, seen from one endpoint: `local*` protect
/// what this endpoint sends, `remote*` unprotect what it receives.
///
/// DTLS-SRTP derives them with the `EXTRACTOR-dtls_srtp` exporter (RFC 5764 §4.2); the
/// exporter output is laid out client key | server key | client salt | server salt, and
/// the DTLS client sends with the client half.
public struct SRTPKeys: Hashable, Sendable {
    /// The negotiated protection profile.
    public var profile: SRTPProfile
    /// Master key for packets this endpoint sends.
    public var localKey: [UInt8]
    /// Master salt for packets this endpoint sends.
    public var localSalt: [UInt8]
    /// Master key for packets this endpoint receives.
    public var remoteKey: [UInt8]
    /// Master salt for packets this endpoint receives.
    public var remoteSalt: [UInt8]

    /// Keys given directly (lengths are checked when an `SRTPContext` is created).
    public init(profile: SRTPProfile, localKey: [UInt8], localSalt: [UInt8],
                remoteKey: [UInt8], remoteSalt: [UInt8]) {
        self.profile = profile
        self.localKey = localKey
        self.localSalt = localSalt
        self.remoteKey = remoteKey
        self.remoteSalt = remoteSalt
    }

    /// Splits DTLS exporter output into this endpoint's keys (RFC 5764 §4.2).
    /// - Parameters:
    ///   - exportedKeyingMaterial: exactly `profile.keyingMaterialLength` bytes.
    ///   - isClient: whether this endpoint was the DTLS client (it sends with the client
    ///     key and salt, and receives with the server's).
    /// - Throws: `.invalidKeys` when the material has the wrong length.
    public init(profile: SRTPProfile, exportedKeyingMaterial material: [UInt8], isClient: Bool) throws(SRTPError) {
        let keyLength = profile.masterKeyLength
        let saltLength = profile.masterSaltLength
        guard material.count == profile.keyingMaterialLength else {
            throw SRTPError(.invalidKeys, "exported keying material is \(material.count) bytes, "
                + "\(profile.name) needs \(profile.keyingMaterialLength)")
        }
        let clientKey = Array(material[0..<keyLength])
        let serverKey = Array(material[keyLength..<(2 * keyLength)])
        let clientSalt = Array(material[(2 * keyLength)..<(2 * keyLength + saltLength)])
        let serverSalt = Array(material[(2 * keyLength + saltLength)..<(2 * keyLength + 2 * saltLength)])
        self.init(profile: profile,
                  localKey: isClient ? clientKey : serverKey,
                  localSalt: isClient ? clientSalt : serverSalt,
                  remoteKey: isClient ? serverKey : clientKey,
                  remoteSalt: isClient ? serverSalt : clientSalt)
    }
}
