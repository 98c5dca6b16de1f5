import BeepSTUN
import BenchSupport

/// An ICE connectivity check as a browser sends it (RFC 8445 §7.2.2): a Binding request with
/// USERNAME, PRIORITY, ICE-CONTROLLING and USE-CANDIDATE, signed with MESSAGE-INTEGRITY
/// under the receiver's ice-pwd (RFC 8489 §14.5) and closed by FINGERPRINT (§14.7); and the
/// success response carrying XOR-MAPPED-ADDRESS (§14.2) that answers it.
enum ConnectivityCheck {
    /// Short-term credential: the answerer's 22-character ice-pwd (RFC 8489 §9.1.1).
    static let key = STUNIntegrityKey.shortTerm(password: "asd88fgpdd777uzjYhagZg")

    /// The request before signing.
    static let request = STUNMessage(
        method: .binding, messageClass: .request,
        transactionID: STUNTransactionID(high: 0xB7E7_A701, low: 0xBC34_D686_FA87_DFAE),
        attributes: [
            .username("evtj:h6vY"),
            .priority(1_853_824_767),
            .iceControlling(tieBreaker: 0x932F_F9B1_5126_3B36),
            .useCandidate,
        ])

    /// The request on the wire, with MESSAGE-INTEGRITY and FINGERPRINT.
    static let requestBytes: [UInt8] = {
        do {
            let bytes = try request.serialize(integrity: key, fingerprint: true)
            let parsed = try STUNMessage.parse(bytes)
            guard parsed.verifyIntegrity(key: key), parsed.hasValidFingerprint else {
                fail("STUN sample: integrity or fingerprint does not verify after a round trip")
            }
            return bytes
        } catch {
            fail("STUN sample request: \(error)")
        }
    }()

    /// The success response: XOR-MAPPED-ADDRESS of the request's source.
    static let response = request.successResponse(attributes: [
        .xorMappedAddress(.ipv4(192, 0, 2, 1, port: 54_321)),
    ])
}
