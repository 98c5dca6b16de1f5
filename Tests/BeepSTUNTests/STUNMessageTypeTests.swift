import BeepSTUN
import Testing

/// RFC 8489 §5: method and class bits interleaved in the 14-bit message type.
struct STUNMessageTypeTests {
    /// RFC 8489 §5: "a Binding request has class=0b00 (request) and method=0b000000000001
    /// (Binding) and is encoded into the first 16 bits as 0x0001. A Binding response has
    /// class=0b10 (success response) and method=0b000000000001, and is encoded into the
    /// first 16 bits as 0x0101." The remaining rows apply figure 3 to the TURN methods of
    /// RFC 8656 §17 (e.g. Allocate error = 0x0113, Send indication = 0x0016).
    @Test("RFC 8489 §5 figure 3: message type encoding", arguments: [
        (STUNMethod.binding, STUNClass.request, UInt16(0x0001)),
        (.binding, .successResponse, 0x0101),
        (.binding, .errorResponse, 0x0111),
        (.binding, .indication, 0x0011),
        (.allocate, .request, 0x0003),
        (.allocate, .successResponse, 0x0103),
        (.allocate, .errorResponse, 0x0113),
        (.refresh, .request, 0x0004),
        (.send, .indication, 0x0016),
        (.data, .indication, 0x0017),
        (.createPermission, .request, 0x0008),
        (.createPermission, .successResponse, 0x0108),
        (.channelBind, .request, 0x0009),
        (.channelBind, .errorResponse, 0x0119),
    ])
    func encoding(method: STUNMethod, messageClass: STUNClass, raw: UInt16) {
        let type = STUNMessageType(method: method, messageClass: messageClass)
        #expect(type.rawValue == raw)
        #expect(STUNMessageType(rawValue: raw) == type)
    }

    @Test("RFC 8489 §5: every 12-bit method and 2-bit class survives encode/decode")
    func allMethodsRoundTrip() throws {
        for value in UInt16(0)...0x0FFF {
            let method = try #require(STUNMethod(rawValue: value))
            for messageClass in STUNClass.allCases {
                let type = STUNMessageType(method: method, messageClass: messageClass)
                #expect(type.rawValue & 0xC000 == 0)
                #expect(STUNMessageType(rawValue: type.rawValue) == type)
            }
        }
    }

    @Test("RFC 8489 §5: types with either top bit set are not STUN; methods above 12 bits are rejected")
    func invalidTypes() {
        #expect(STUNMessageType(rawValue: 0x8001) == nil)
        #expect(STUNMessageType(rawValue: 0x4001) == nil)
        #expect(STUNMethod(rawValue: 0x1000) == nil)
    }

    @Test("names read like the RFCs")
    func descriptions() {
        #expect(STUNMessageType(method: .allocate, messageClass: .errorResponse).description == "Allocate error response")
        #expect(STUNMethod.channelBind.description == "ChannelBind")
        #expect(STUNAttributeType.xorRelayedAddress.description == "XOR-RELAYED-ADDRESS")
        #expect(STUNAttributeType(rawValue: 0xC001).description == "0xc001")
    }
}
