/// Building responses to a request: same method and transaction ID, response class
/// (RFC 8489 §6.3, §6.3.1.1).
extension STUNMessage {
    /// A success response to this message carrying `attributes`.
    public func successResponse(attributes: [STUNAttribute] = []) -> STUNMessage {
        STUNMessage(method: method, messageClass: .successResponse, transactionID: transactionID, attributes: attributes)
    }

    /// An error response with ERROR-CODE `error` first, then `attributes` (e.g. REALM and
    /// NONCE for 401 and 438, RFC 8489 §9.2.4).
    public func errorResponse(_ error: STUNErrorCode, attributes: [STUNAttribute] = []) -> STUNMessage {
        STUNMessage(method: method, messageClass: .errorResponse, transactionID: transactionID,
                    attributes: [.errorCode(error)] + attributes)
    }

    /// The 420 response for a request carrying comprehension-required attributes that were
    /// not understood, or nil when there are none (RFC 8489 §6.3.1.1, §14.13).
    public func unknownAttributeResponse() -> STUNMessage? {
        let unknown = unknownComprehensionRequiredAttributes
        guard !unknown.isEmpty else { return nil }
        return errorResponse(.unknownAttribute, attributes: [.unknownAttributes(unknown)])
    }
}

/// A one-line summary for logs: type, transaction ID and attribute names (no values, so
/// credentials and payloads stay out of logs).
extension STUNMessage: CustomStringConvertible {
    /// For example "Binding request 0102...0c [USERNAME, PRIORITY, MESSAGE-INTEGRITY]".
    public var description: String {
        "\(type) \(transactionID) [\(attributes.map { $0.type.description }.joined(separator: ", "))]"
    }
}
