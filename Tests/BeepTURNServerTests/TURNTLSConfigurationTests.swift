import BeepSTUN
import BeepTURN
import BeepTURNServer
import Logging
import Testing

/// TURN over TLS needs a readable certificate and key (RFC 8656 §3.1); without them the server
/// refuses to start with a typed error instead of serving plain TCP on the TLS port.
/// (TLS itself is exercised against coturn's `turnutils_uclient -S` in the interop suite.)
@Suite struct TURNTLSConfigurationTests {
    static func configuration(tls: TURNTLSIdentity?) -> TURNSocketServerConfiguration {
        TURNSocketServerConfiguration(host: "127.0.0.1", udpPorts: [], tcpPorts: [], tlsPorts: [0], tls: tls,
                                      relayHost: .ipv4(127, 0, 0, 1, port: 0),
                                      turn: TURNServerConfiguration(realm: "r", secrets: ["s"], unixTimeAtOrigin: 0))
    }

    @Test func tlsPortsWithoutACertificateAreRefused() {
        #expect(throws: TURNSocketServerError(.tlsConfiguration, "TURN over TLS ports need a certificate and a key")) {
            _ = try TURNSocketServer(configuration: Self.configuration(tls: nil), logger: Logger(label: "test"))
        }
    }

    @Test func unreadableCertificateFilesAreRefused() {
        let identity = TURNTLSIdentity(certificateChainPath: "/nonexistent/beep-turn.pem",
                                       privateKeyPath: "/nonexistent/beep-turn.key")
        do {
            _ = try TURNSocketServer(configuration: Self.configuration(tls: identity), logger: Logger(label: "test"))
            Issue.record("a TURN server started with missing TLS files")
        } catch {
            #expect(error.code == .tlsConfiguration)
        }
    }
}
