import BeepSTUN
import BeepTURN

/// A minimal TURN client over a ``LoopbackSocket`` with REST credentials: enough to drive the
/// socket server through allocate, permission, send and channel data.
final class TURNLoopbackClient {
    let socket: LoopbackSocket
    let server: STUNAddress
    let credentials: TURNCredentials
    private var realm: String?
    private var nonce: String?

    init(socket: LoopbackSocket, server: STUNAddress, credentials: TURNCredentials) {
        self.socket = socket
        self.server = server
        self.credentials = credentials
    }

    private var key: STUNIntegrityKey {
        .longTerm(username: credentials.username, realm: realm ?? "", password: credentials.password)
    }

    /// Sends a request (signed once a challenge was learnt) and returns the matching response.
    func request(_ method: STUNMethod, _ attributes: [STUNAttribute]) -> STUNMessage? {
        let transactionID = STUNTransactionID.random()
        var all = attributes
        if let realm, let nonce { all += [.username(credentials.username), .realm(realm), .nonce(nonce)] }
        let message = STUNMessage(method: method, messageClass: .request, transactionID: transactionID, attributes: all)
        guard let bytes = try? message.serialize(integrity: realm == nil ? nil : key) else { return nil }
        socket.send(bytes, to: server)
        for _ in 0..<10 {
            guard let (frame, _) = receive() else { return nil }
            if let response = try? STUNMessage.parse(frame), response.transactionID == transactionID {
                if let realm = response.realm { self.realm = realm }
                if let nonce = response.nonce { self.nonce = nonce }
                return response
            }
        }
        return nil
    }

    /// 401 challenge, then an authenticated Allocate; the relayed address.
    func allocate() -> STUNAddress? {
        _ = request(.allocate, [.requestedTransport(protocolNumber: 17)])
        return request(.allocate, [.requestedTransport(protocolNumber: 17)])?.xorRelayedAddress
    }

    /// A Send indication toward `peer` (RFC 8656 §11).
    func sendIndication(to peer: STUNAddress, _ data: [UInt8]) {
        let message = STUNMessage(method: .send, messageClass: .indication, transactionID: .random(),
                                  attributes: [.xorPeerAddress(peer), .data(data)])
        if let bytes = try? message.serialize() { socket.send(bytes, to: server) }
    }

    /// A ChannelData message (RFC 8656 §12.4), padded to 4 bytes on TCP.
    func sendChannelData(_ channel: UInt16, _ data: [UInt8]) {
        var bytes = [UInt8(channel >> 8), UInt8(channel & 0xFF), UInt8(data.count >> 8), UInt8(data.count & 0xFF)] + data
        if socket.isStream { bytes += [UInt8](repeating: 0, count: (4 - data.count % 4) % 4) }
        socket.send(bytes, to: server)
    }

    /// The next datagram or frame from the server.
    func receive() -> (bytes: [UInt8], from: STUNAddress?)? {
        socket.receive()
    }
}
