import BeepSTUN
import BeepWire

/// STUN and TURN entry points: what parses re-serialises byte-equal (received padding is kept)
/// and parses back to the same message.
enum STUNFuzzing {
    static func message(_ bytes: [UInt8]) -> FuzzOutcome {
        let message: STUNMessage
        do {
            message = try STUNMessage.parse(bytes)
        } catch {
            return .rejected(reason: error.description)
        }
        guard STUNMessage.isSTUN(bytes) else {
            return .invariantViolated("STUN parsed a message that isSTUN refuses")
        }
        // Checks on a parsed message must never trap, whatever the key.
        _ = message.verifyIntegrity(key: .shortTerm(password: "fuzz"))
        _ = message.hasValidFingerprint
        do {
            let again = try STUNMessage.parse(try message.serialize())
            // serialize() recomputes integrity and fingerprint; compare everything else.
            return contentAttributes(again) == contentAttributes(message) && again.type == message.type
                && again.transactionID == message.transactionID
                ? .accepted : .invariantViolated("STUN round trip differs")
        } catch {
            // Values of 509-763 bytes are accepted from RFC 5389 peers but never sent.
            return error.code == .tooLarge ? .accepted : .invariantViolated("STUN round trip failed: \(error)")
        }
    }

    private static func contentAttributes(_ message: STUNMessage) -> [STUNAttribute] {
        message.attributes.filter { attribute in
            switch attribute {
            case .messageIntegrity, .messageIntegritySHA256, .fingerprint: false
            default: true
            }
        }
    }

    static func channelData(_ bytes: [UInt8]) -> FuzzOutcome {
        RoundTrip.check(bytes, label: "ChannelData", parse: ChannelData.parse, reprint: { try $0.serialize(padded: true) })
    }
}
