/// A DTLS-SRTP protection profile: the SRTP/SRTCP transforms and key sizes the two peers
/// agreed on in the DTLS `use_srtp` extension (RFC 5764 §4.1.2).
///
/// The raw value is the two-byte profile identifier from the IANA "DTLS-SRTP Protection
/// Profiles" registry, so it converts directly to and from what OpenSSL and libsrtp report.
public enum SRTPProfile: UInt16, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// SRTP_AEAD_AES_128_GCM (RFC 7714 §14.2): AES-128 in Galois/Counter Mode, 16-byte
    /// tag. Preferred by Beep and by current browsers.
    case aeadAES128GCM = 0x0007
    /// SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2): AES-128 counter mode encryption with
    /// an 80-bit HMAC-SHA1 authentication tag (RFC 3711 §5).
    case aes128CMHMACSHA1_80 = 0x0001

    /// Beep's default offer, most preferred first: AEAD-GCM, then AES-CM/HMAC-SHA1-80.
    public static let defaultPreference: [SRTPProfile] = [.aeadAES128GCM, .aes128CMHMACSHA1_80]

    /// Master key length in bytes (RFC 7714 §12: 16; RFC 5764 §4.1.2: 16).
    public var masterKeyLength: Int { 16 }

    /// Master salt length in bytes (RFC 7714 §12: 12 for GCM; RFC 3711 §8.2: 14 for AES-CM).
    public var masterSaltLength: Int {
        switch self {
        case .aeadAES128GCM: 12
        case .aes128CMHMACSHA1_80: 14
        }
    }

    /// Bytes SRTP appends to an RTP packet (GCM tag RFC 7714 §7.2: 16; HMAC-SHA1-80 tag: 10).
    public var rtpTagLength: Int {
        switch self {
        case .aeadAES128GCM: 16
        case .aes128CMHMACSHA1_80: 10
        }
    }

    /// Bytes of DTLS exporter output this profile needs: two master keys and two master
    /// salts, one of each per direction (RFC 5764 §4.2).
    public var keyingMaterialLength: Int { 2 * (masterKeyLength + masterSaltLength) }

    /// The profile's name as RFC 5764 §4.1.2 / RFC 7714 §14.2 and OpenSSL's `use_srtp`
    /// list spell it (OpenSSL drops the "HMAC_" of the RFC name).
    public var name: String {
        switch self {
        case .aeadAES128GCM: "SRTP_AEAD_AES_128_GCM"
        case .aes128CMHMACSHA1_80: "SRTP_AES128_CM_SHA1_80"
        }
    }

    public var description: String { name }
}
