@testable import BeepDTLS
import BeepTestSupport
import BeepWire
import Testing

@Suite struct DTLSDatagramTests {
    /// What a received handshake record carries (RFC 6347 §4.2.2 handshake header).
    struct HandshakeFragment {
        let messageType: UInt8
        let messageLength: Int
        let fragmentLength: Int
    }

    /// The handshake fragments in an epoch-0 datagram (encrypted epoch-1 records skipped).
    static func handshakeFragments(_ datagram: [UInt8]) -> [HandshakeFragment] {
        guard let records = DTLSRecordFraming.split(datagram) else { return [] }
        return records.compactMap { record in
            let bytes = Array(record)
            guard bytes.count >= 13 + 12, bytes[0] == 22, bytes[3] == 0, bytes[4] == 0 else { return nil }
            let body = Array(bytes[13...])
            return HandshakeFragment(
                messageType: body[0],
                messageLength: Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3]),
                fragmentLength: Int(body[9]) << 16 | Int(body[10]) << 8 | Int(body[11]))
        }
    }

    /// RFC 6347 §4.1.1.1: no record may exceed the PMTU; handshake messages are
    /// fragmented (§4.2.3). At MTU 600 the server's first flight (ServerHello,
    /// Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone) needs several
    /// datagrams; at OpenSSL's floor (256) the Certificate message itself is split.
    @Test(arguments: [600, 256])
    func datagramsNeverExceedTheMTU(mtu: Int) throws {
        let link = try VirtualDTLSLink.make(mtu: mtu)
        link.runHandshake()
        #expect(link.client.state == .connected && link.server.state == .connected)
        #expect(link.sent.allSatisfy { $0.bytes.count <= mtu },
                "largest datagram \(link.sent.map(\.bytes.count).max() ?? 0)")
        let firstServerFlight = link.datagrams(from: .server).filter { $0.at == .zero }
        let fragments = firstServerFlight.flatMap { Self.handshakeFragments($0.bytes) }
        #expect(link.datagrams(from: .server).count >= 2, "server flight split over datagrams")
        #expect(fragments.contains { $0.messageType == 11 }, "Certificate present")
        if mtu == 256 {
            #expect(fragments.contains { $0.messageType == 11 && $0.fragmentLength < $0.messageLength },
                    "Certificate fragmented")
        }
    }

    /// Packing: records stay whole and in order; a datagram holds as many as fit.
    @Test func recordsArePackedIntoDatagramsUpToTheMTU() throws {
        func record(_ length: Int, fill: UInt8) -> [UInt8] {
            [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, UInt8(length >> 8), UInt8(length & 0xFF)]
                + [UInt8](repeating: fill, count: length)
        }
        let bytes = record(100, fill: 1) + record(150, fill: 2) + record(300, fill: 3) + record(10, fill: 4)
        let records = try #require(DTLSRecordFraming.split(bytes))
        #expect(records.map(\.count) == [113, 163, 313, 23])
        let datagrams = DTLSRecordFraming.pack(records, mtu: 300)
        #expect(datagrams.map(\.count) == [276, 313, 23])
        #expect(datagrams.flatMap { $0 } == bytes)
        #expect(DTLSRecordFraming.split(Array(bytes.dropLast())) == nil, "truncated last record")
        #expect(DTLSRecordFraming.split([23, 0x03, 0x03] + [UInt8](repeating: 0, count: 10)) == nil, "TLS, not DTLS")
        #expect(DTLSRecordFraming.split([64] + [UInt8](repeating: 0, count: 12)) == nil, "content type out of range")
    }

    /// Garbage, truncated and replayed datagrams after the handshake are dropped; the
    /// session keeps working (RFC 6347 §4.1.2.6 replay detection, §4.1.2.7 invalid records
    /// silently discarded).
    @Test func badDatagramsNeverBreakAnEstablishedSession() throws {
        let link = try VirtualDTLSLink.make()
        link.runHandshake()
        try #require(link.client.state == .connected && link.server.state == .connected)
        let handshakeFromClient = link.datagrams(from: .client).map(\.bytes)
        let eventsBefore = link.serverEvents.count

        // Random bytes of random lengths (seeded), some shaped like DTLS record headers.
        let retransmissionsBeforeGarbage = link.server.retransmissions
        var generator = SeededGenerator(seed: 42)
        for round in 0..<300 {
            let length = Int.random(in: 0...1_500, using: &generator)
            var datagram = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 2 == 0, datagram.count >= 13 {
                datagram[0] = UInt8.random(in: 20...25, using: &generator)
                datagram[1] = 0xFE
                datagram[2] = 0xFD
                let body = datagram.count - 13
                datagram[11] = UInt8(body >> 8)
                datagram[12] = UInt8(body & 0xFF)
            }
            link.inject(datagram, into: round % 3 == 0 ? .client : .server)
        }
        // A plaintext fatal alert in epoch 0 (RFC 5246 §7.2: handshake_failure) must not
        // tear the session down: it is not from the current epoch.
        link.inject([21, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 9, 0, 2, 2, 40], into: .server)

        // Replay of the client's handshake flights: the server answers once with its final
        // flight, the client ignores that, nothing else happens.
        // Garbage shaped like handshake records looks like a repeated flight: the server
        // answers with its final flight at most once per half second (here: once).
        #expect(link.server.retransmissions - retransmissionsBeforeGarbage <= 1)
        link.advance(by: .seconds(1))
        let serverRetransmissions = link.server.retransmissions
        let clientRetransmissions = link.client.retransmissions
        for datagram in handshakeFromClient { link.inject(datagram, into: .server) }
        #expect(link.server.retransmissions == serverRetransmissions + 1, "one answer per replayed flight")
        #expect(link.client.retransmissions == clientRetransmissions, "the client has no flight to repeat")

        #expect(link.client.state == .connected && link.server.state == .connected)
        #expect(link.serverEvents.count == eventsBefore, "no events from garbage")
        #expect(link.server.droppedDatagrams > 0)

        // Application data: truncated copy dropped, the original delivered once, its
        // replay dropped.
        try link.client.send(Array("hello".utf8))
        let record = try #require(link.client.pollTransmit())
        link.inject(Array(record.dropLast(3)), into: .server)
        link.inject(record, into: .server)
        link.inject(record, into: .server)
        let delivered = link.serverEvents.filter { $0 == .applicationData(Array("hello".utf8)) }
        #expect(delivered.count == 1)

        try link.server.send(Array("still here".utf8))
        link.deliverAll()
        #expect(link.clientEvents.last == .applicationData(Array("still here".utf8)))
    }

    /// Garbage before and during the handshake is dropped and the handshake completes.
    @Test func garbageDuringTheHandshakeIsDropped() throws {
        let link = try VirtualDTLSLink.make()
        link.inject([0xFF, 0x00, 0x01], into: .server)
        link.inject([], into: .server)
        link.inject([22, 0xFE, 0xFD, 0, 0], into: .server)
        #expect(link.server.droppedDatagrams == 3)
        link.runHandshake()
        #expect(link.client.state == .connected && link.server.state == .connected)
    }
}
