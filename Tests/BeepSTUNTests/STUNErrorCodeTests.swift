import BeepSTUN
import BeepWire
import Testing

/// ERROR-CODE classes and numbers (RFC 8489 §14.8, RFC 8656 §19, RFC 8445 §7.3.1.1).
struct STUNErrorCodeTests {
    @Test("RFC 8489 §14.8: class is the hundreds digit, number the rest", arguments: [
        (STUNErrorCode.unauthenticated, UInt16(401), UInt8(4), UInt8(1)),
        (.forbidden, 403, 4, 3),
        (.staleNonce, 438, 4, 38),
        (.roleConflict, 487, 4, 87),
        (.tryAlternate, 300, 3, 0),
        (.insufficientCapacity, 508, 5, 8),
        (.unknownAttribute, 420, 4, 20),
        (.allocationMismatch, 437, 4, 37),
    ])
    func classAndNumber(error: STUNErrorCode, code: UInt16, errorClass: UInt8, number: UInt8) throws {
        #expect(error.code == code)
        #expect(error.errorClass == errorClass)
        #expect(error.number == number)
        let response = STUNMessage(method: .allocate, messageClass: .errorResponse, transactionID: .random(),
                                   attributes: [.errorCode(error)])
        let bytes = try response.serialize()
        // Attribute value starts at byte 24: two reserved bytes, class, number.
        #expect(Array(bytes[24..<28]) == [0, 0, errorClass, number])
        #expect(try STUNMessage.parse(bytes).errorCode == error)
    }

    @Test("RFC 8489 §14.8: codes outside 300-699 and overlong reasons are refused")
    func invalidCodes() {
        #expect(throws: WireError.self) { try STUNErrorCode(code: 299, reason: "") }
        #expect(throws: WireError.self) { try STUNErrorCode(code: 700, reason: "") }
        #expect(throws: WireError.self) { try STUNErrorCode(code: 400, reason: String(repeating: "r", count: 764)) }
        // Accepted up to 763 bytes (what a receiver must take), but not sent above 508.
        let long = try? STUNErrorCode(code: 400, reason: String(repeating: "r", count: 509))
        #expect(long != nil)
        if let long {
            let message = STUNMessage(method: .binding, messageClass: .errorResponse, transactionID: .random(),
                                      attributes: [.errorCode(long)])
            #expect(throws: WireError.self) { try message.serialize() }
        }
    }

    @Test("RFC 8489 §14.8: a received class outside 3-6 or number above 99 is malformed", arguments: [
        [UInt8](arrayLiteral: 0, 0, 2, 0), [0, 0, 7, 0], [0, 0, 4, 100], [0, 0, 4],
    ])
    func malformedReceived(value: [UInt8]) {
        #expect(throws: WireError.self) {
            try STUNAttribute.decode(type: .errorCode, value: value[...], transactionID: .random())
        }
    }
}
