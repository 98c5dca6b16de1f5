/// Which side of the DTLS handshake this endpoint plays (RFC 6347 §4.2).
///
/// WebRTC derives it from the SDP `a=setup` attribute (RFC 8842 §5, RFC 4145 §4):
/// `active` is the client, `passive` the server; the answerer turns an offered
/// `actpass` into `active` or `passive`.
public enum DTLSRole: String, Hashable, Sendable {
    /// Sends the ClientHello (`a=setup:active`).
    case client
    /// Waits for the ClientHello (`a=setup:passive`).
    case server
}
