import BeepSTUN
import Testing

/// Responses keep method and transaction ID (RFC 8489 §6.3); 420 lists unknown attributes
/// (RFC 8489 §6.3.1.1).
struct STUNResponseTests {
    @Test("RFC 8489 §6.3: responses reuse method and transaction ID")
    func responses() throws {
        let request = STUNMessage(method: .allocate, messageClass: .request, transactionID: .random(),
                                  attributes: [.requestedTransport(protocolNumber: 17)])
        let success = request.successResponse(attributes: [.lifetime(seconds: 600)])
        #expect(success.type == STUNMessageType(method: .allocate, messageClass: .successResponse))
        #expect(success.transactionID == request.transactionID)
        let challenge = request.errorResponse(.unauthenticated, attributes: [.realm("example.org"), .nonce("n0nce")])
        let parsed = try STUNMessage.parse(try challenge.serialize(fingerprint: true))
        #expect(parsed.messageClass == .errorResponse)
        #expect(parsed.errorCode?.code == 401)
        #expect(parsed.realm == "example.org")
        #expect(parsed.nonce == "n0nce")
        #expect(request.unknownAttributeResponse() == nil)
    }

    @Test("RFC 8489 §6.3.1.1: a 420 response lists the unknown comprehension-required attributes")
    func unknownAttribute() throws {
        let request = try STUNMessage.parse(try STUNMessage(
            method: .binding, messageClass: .request, transactionID: .random(),
            attributes: [.unknown(type: STUNAttributeType(rawValue: 0x0031), value: [1, 2]),
                         .unknown(type: STUNAttributeType(rawValue: 0xC031), value: [])]).serialize())
        let response = try #require(request.unknownAttributeResponse())
        #expect(response.errorCode?.code == 420)
        #expect(response.first(.unknownAttributes) == .unknownAttributes([STUNAttributeType(rawValue: 0x0031)]))
    }

    @Test("log summary names attributes without their values")
    func description() {
        let message = STUNMessage(method: .binding, messageClass: .request,
                                  transactionID: STUNTransactionID(high: 0, low: 1),
                                  attributes: [.username("secret-user"), .priority(1)])
        #expect(message.description == "Binding request 000000000000000000000001 [USERNAME, PRIORITY]")
    }
}
