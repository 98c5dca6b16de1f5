/// A STUN message: type, transaction ID and attributes (RFC 8489 §5, §6).
///
/// Build one with ``init(method:messageClass:transactionID:attributes:)`` and send
/// ``serialize(integrity:integrityAlgorithms:fingerprint:)``; receive one with ``parse(_:)``,
/// which also records the received bytes so that ``verifyIntegrity(key:)`` and
/// ``hasValidFingerprint`` can check them later. Changing any property of a parsed message
/// drops those recorded bytes (the checks then report false).
public struct STUNMessage: Sendable, Equatable {
    /// The magic cookie, 0x2112A442 (RFC 8489 §5).
    public static let magicCookie: UInt32 = 0x2112_A442
    /// The fixed header length, 20 bytes (RFC 8489 §5).
    public static let headerLength = 20

    /// Method and class.
    public var type: STUNMessageType { didSet { received = nil } }
    /// The 96-bit transaction ID.
    public var transactionID: STUNTransactionID { didSet { received = nil } }
    /// The attributes in wire order. After ``parse(_:)`` this includes MESSAGE-INTEGRITY,
    /// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT as received, and excludes attributes the
    /// RFC says to ignore (those after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256
    /// and FINGERPRINT, RFC 8489 §14.5).
    public var attributes: [STUNAttribute] { didSet { received = nil } }

    /// The bytes this message was parsed from, with the offsets integrity checks need.
    var received: STUNReceivedBytes?

    /// A message from its parts.
    public init(type: STUNMessageType, transactionID: STUNTransactionID, attributes: [STUNAttribute] = []) {
        self.type = type
        self.transactionID = transactionID
        self.attributes = attributes
        self.received = nil
    }

    /// A message from method, class, transaction ID and attributes.
    public init(method: STUNMethod, messageClass: STUNClass, transactionID: STUNTransactionID,
                attributes: [STUNAttribute] = []) {
        self.init(type: STUNMessageType(method: method, messageClass: messageClass),
                  transactionID: transactionID, attributes: attributes)
    }

    /// The method, e.g. `.binding`.
    public var method: STUNMethod { type.method }
    /// The class, e.g. `.request`.
    public var messageClass: STUNClass { type.messageClass }

    /// True when the message was produced by ``parse(_:)`` and not modified since.
    public var isReceived: Bool { received != nil }

    /// Messages are equal when type, transaction ID and attributes are equal; the recorded
    /// received bytes (padding, offsets) are not compared.
    public static func == (lhs: STUNMessage, rhs: STUNMessage) -> Bool {
        lhs.type == rhs.type && lhs.transactionID == rhs.transactionID && lhs.attributes == rhs.attributes
    }
}

/// What ``STUNMessage/parse(_:)`` remembers of the wire form.
struct STUNReceivedBytes: Sendable {
    /// The whole message, header included.
    var bytes: [UInt8]
    /// Offset of the MESSAGE-INTEGRITY attribute header, if present.
    var integrityOffset: Int?
    /// Offset of the MESSAGE-INTEGRITY-SHA256 attribute header and its value length.
    var integritySHA256: (offset: Int, length: Int)?
    /// Offset of the FINGERPRINT attribute header, if present.
    var fingerprintOffset: Int?
    /// The received padding bytes of each kept attribute, parallel to `attributes`, so that
    /// re-serialization is byte-exact even when a sender padded with non-zero bytes.
    var paddings: [ArraySlice<UInt8>]
}
