import BeepWire

/// The value of an ERROR-CODE attribute: a code 300-699 and a reason phrase (RFC 8489 §14.8;
/// TURN codes RFC 8656 §19; ICE's 487 RFC 8445 §7.3.1.1).
public struct STUNErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The numeric code, `class * 100 + number`, 300-699.
    public let code: UInt16
    /// The UTF-8 reason phrase: fewer than 128 characters, at most 763 bytes when received
    /// and 508 when sent (RFC 8489 §14.8; the send limit is checked when serializing).
    public let reason: String

    /// An error code; throws `.malformed` outside 300-699 and `.tooLarge` for a reason over
    /// 763 bytes.
    public init(code: UInt16, reason: String) throws(WireError) {
        guard (300...699).contains(code) else {
            throw WireError(.malformed, "ERROR-CODE: code \(code) is outside 300-699")
        }
        guard reason.utf8.count <= STUNLimits.maxReceivedTextLength else {
            throw WireError(.tooLarge, "ERROR-CODE: reason is \(reason.utf8.count) bytes, limit \(STUNLimits.maxReceivedTextLength)")
        }
        self.code = code
        self.reason = reason
    }

    private init(known code: UInt16, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The hundreds digit (3-6), sent in the Class field.
    public var errorClass: UInt8 { UInt8(truncatingIfNeeded: code / 100) }
    /// The code modulo 100, sent in the Number field.
    public var number: UInt8 { UInt8(truncatingIfNeeded: code % 100) }

    /// For example "438 Stale Nonce".
    public var description: String { reason.isEmpty ? "\(code)" : "\(code) \(reason)" }

    /// 300 Try Alternate (RFC 8489 §14.8).
    public static let tryAlternate = STUNErrorCode(known: 300, "Try Alternate")
    /// 400 Bad Request (RFC 8489 §14.8).
    public static let badRequest = STUNErrorCode(known: 400, "Bad Request")
    /// 401 Unauthenticated (RFC 8489 §14.8).
    public static let unauthenticated = STUNErrorCode(known: 401, "Unauthenticated")
    /// 403 Forbidden (RFC 8656 §19).
    public static let forbidden = STUNErrorCode(known: 403, "Forbidden")
    /// 420 Unknown Attribute (RFC 8489 §14.8).
    public static let unknownAttribute = STUNErrorCode(known: 420, "Unknown Attribute")
    /// 437 Allocation Mismatch (RFC 8656 §19).
    public static let allocationMismatch = STUNErrorCode(known: 437, "Allocation Mismatch")
    /// 438 Stale Nonce (RFC 8489 §14.8).
    public static let staleNonce = STUNErrorCode(known: 438, "Stale Nonce")
    /// 440 Address Family not Supported (RFC 8656 §19).
    public static let addressFamilyNotSupported = STUNErrorCode(known: 440, "Address Family not Supported")
    /// 441 Wrong Credentials (RFC 8656 §19).
    public static let wrongCredentials = STUNErrorCode(known: 441, "Wrong Credentials")
    /// 442 Unsupported Transport Protocol (RFC 8656 §19).
    public static let unsupportedTransportProtocol = STUNErrorCode(known: 442, "Unsupported Transport Protocol")
    /// 443 Peer Address Family Mismatch (RFC 8656 §19).
    public static let peerAddressFamilyMismatch = STUNErrorCode(known: 443, "Peer Address Family Mismatch")
    /// 486 Allocation Quota Reached (RFC 8656 §19).
    public static let allocationQuotaReached = STUNErrorCode(known: 486, "Allocation Quota Reached")
    /// 487 Role Conflict (RFC 8445 §7.3.1.1).
    public static let roleConflict = STUNErrorCode(known: 487, "Role Conflict")
    /// 500 Server Error (RFC 8489 §14.8).
    public static let serverError = STUNErrorCode(known: 500, "Server Error")
    /// 508 Insufficient Capacity (RFC 8656 §19).
    public static let insufficientCapacity = STUNErrorCode(known: 508, "Insufficient Capacity")
}
