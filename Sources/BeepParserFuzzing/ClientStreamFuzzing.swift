import BeepEvents
import BeepSTUN
import BeepTURN
import BeepWire

/// Entry points for the parsers that read what a server sends a Beep client, and what an
/// events client sends Beep.
enum ClientStreamFuzzing {
    /// The TURN client fed `bytes` as a UDP datagram and as a TCP stream chunk, right after its
    /// Allocate went out (the state where a server's answer is awaited). Invariant: it never
    /// traps and what it then sends is a bounded number of datagrams no larger than a STUN
    /// message may be. Input the UDP client counts as dropped (did not parse, matched no
    /// transaction, failed integrity) is "rejected".
    static func turnClient(_ bytes: [UInt8]) -> FuzzOutcome {
        var droppedOverUDP = false
        for transport in [TURNTransport.udp, .tcp] {
            var client = allocatingClient(transport)
            while client.pollTransmit() != nil {}
            client.handleReceived(bytes, now: start + .milliseconds(10))
            var sent = 0
            while let datagram = client.pollTransmit() {
                sent += 1
                if datagram.count > 65_535 || sent > 64 {
                    return .invariantViolated("TURN client over \(transport) answered one input with \(sent) sends")
                }
            }
            while client.pollEvent() != nil {}
            if transport == .udp, client.statistics.droppedInput > 0 { droppedOverUDP = true }
        }
        return droppedOverUDP ? .rejected(reason: "dropped by the TURN client (not a valid answer)") : .accepted
    }

    private static let start = MonotonicTime(nanoseconds: 1_000_000_000)

    /// A client (fixed seed, so a fixed transaction id) whose Allocate just went out.
    private static func allocatingClient(_ transport: TURNTransport) -> TURNClient {
        let server = STUNAddress.ipv4(127, 0, 0, 1, port: 3478)
        var client = TURNClient(configuration: TURNClientConfiguration(server: server, transport: transport,
                                                                       username: "1800000000:fuzz",
                                                                       password: "secret"), seed: 1)
        client.allocate(now: start)
        return client
    }

    /// Seeds the client accepts: the server's 401 answer to that Allocate, with REALM and NONCE
    /// (RFC 8656 §7.2 / RFC 8489 §9.2.4).
    static func turnClientSeeds() -> [[UInt8]] {
        var client = allocatingClient(.udp)
        guard let request = client.pollTransmit(), let allocate = try? STUNMessage.parse(request),
              let code = try? STUNErrorCode(code: 401, reason: "Unauthorized") else { return [] }
        let challenge = STUNMessage(method: allocate.method, messageClass: .errorResponse,
                                    transactionID: allocate.transactionID,
                                    attributes: [.errorCode(code), .realm("beep"), .nonce("0123456789abcdef")])
        guard let bytes = try? challenge.serialize() else { return [] }
        return [bytes]
    }

    /// An events client frame (docs/events.md) as UTF-8 text. Invariant: decoding is
    /// deterministic and frames above the size limit are refused.
    static func eventsFrame(_ bytes: [UInt8]) -> FuzzOutcome {
        let limits = EventLimits()
        let text = String(decoding: bytes, as: UTF8.self)
        let first: EventClientFrame
        do { first = try EventClientFrame.decode(text, limits: limits) } catch {
            return .rejected(reason: error.reason)
        }
        if text.utf8.count > limits.maximumClientFrameBytes {
            return .invariantViolated("events frame of \(text.utf8.count) bytes accepted")
        }
        guard (try? EventClientFrame.decode(text, limits: limits)) == first else {
            return .invariantViolated("events frame decoded differently twice")
        }
        return .accepted
    }
}
