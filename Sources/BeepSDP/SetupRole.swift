/// `a=setup`: which side starts the DTLS handshake (RFC 4145 §4, RFC 8842 §5).
public enum SetupRole: String, Hashable, Sendable, CaseIterable {
    /// The endpoint will initiate the connection (DTLS client).
    case active
    /// The endpoint will accept a connection (DTLS server).
    case passive
    /// The endpoint is willing to be either; offers use this (RFC 8842 §5.2).
    case actpass
    /// No connection for now.
    case holdconn

    /// Parses the attribute value.
    public static func parse(_ value: Substring) throws(SDPParseError) -> SetupRole {
        guard let role = SetupRole(rawValue: String(value)) else {
            throw SDPParseError(.invalidValue, "setup '\(SDPText.clip(value))' is not active/passive/actpass/holdconn")
        }
        return role
    }
}
