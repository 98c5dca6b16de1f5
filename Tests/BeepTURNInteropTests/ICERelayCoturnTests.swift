import BeepICE
import BeepSTUN
import BeepTURN
import BeepWire
import Foundation
import Testing

/// The must-show of issue 6, "Beep's client against a peer's server": two full ICE agents on
/// real loopback UDP sockets; agent A is relay-only through a real coturn (TURN over UDP, and
/// over TCP), agent B has only a host candidate. ICE completes with A's relayed candidate
/// selected, then 200 RTP-shaped packets go each way through coturn, all delivered intact.
@Suite(.serialized) struct ICERelayCoturnTests {
    static let packetCount = 200

    /// Runs agent A (relay only) and agent B (host only) over real sockets.
    final class TwoAgentDriver {
        let clock = RealClock()
        let coturn: CoturnProcess
        let transport: TURNTransport
        let a: ICEAgent
        let b: ICEAgent
        let aSocket: LoopbackUDPSocket
        let bSocket: LoopbackUDPSocket
        var aTCP: LoopbackTCPConnection?
        var aRelay: ICECandidate?
        var bReceived: [ICERelayedDatagram] = []
        var aReceived: [ICERelayedDatagram] = []
        var aEvents: [ICEEvent] = []
        var bEvents: [ICEEvent] = []
        /// Datagrams that reached A's host socket from anyone but coturn (must stay empty).
        var aDirect = 0

        init(coturn: CoturnProcess, transport: TURNTransport) throws {
            self.coturn = coturn
            self.transport = transport
            aSocket = try LoopbackUDPSocket()
            bSocket = try LoopbackUDPSocket()
            let credentials = TURNCredentials.make(secret: coturn.secret, userID: "beep-bot", ttl: .seconds(3600),
                                                   now: Int64(Date().timeIntervalSince1970))
            var configurationA = ICEAgentConfiguration(mode: .full, role: .controlling, localCredentials: .random(),
                                                       addressPolicy: .loopbackOnly)
            configurationA.turnServers = [ICETURNServer(address: coturn.address, transport: transport, credentials: credentials)]
            configurationA.transportPolicy = .relay
            a = ICEAgent(configuration: configurationA, now: clock.now)
            a.addLocalCandidate(.host(aSocket.address))
            b = ICEAgent(configuration: ICEAgentConfiguration(mode: .full, role: .controlled, localCredentials: .random(),
                                                              addressPolicy: .loopbackOnly), now: clock.now)
            b.addLocalCandidate(.host(bSocket.address))
            a.setRemoteCredentials(b.localCredentials)
            b.setRemoteCredentials(a.localCredentials)
            if transport == .tcp { aTCP = try LoopbackTCPConnection(to: coturn.address) }
        }

        /// One turn of the loop: receive, timers, send, events.
        func step() {
            let now = clock.now
            while let (bytes, from) = aSocket.receive() {
                if from == coturn.address, transport == .udp {
                    a.handleTURNServerData(bytes, from: from, transport: .udp, now: now)
                } else {
                    aDirect += 1
                }
            }
            if let aTCP {
                while let bytes = aTCP.receive() { a.handleTURNServerData(bytes, from: coturn.address, transport: .tcp, now: now) }
                if aTCP.isClosed { a.handleTURNConnectionClosed(server: coturn.address, now: now) }
            }
            while let (bytes, from) = bSocket.receive() {
                if STUNMessage.isSTUN(bytes), let message = try? STUNMessage.parse(bytes) {
                    b.handleSTUN(message, from: from, to: bSocket.address, now: now)
                } else {
                    bReceived.append(ICERelayedDatagram(local: bSocket.address, remote: from, bytes: bytes))
                }
            }
            while let datagram = a.pollRelayedData() { aReceived.append(datagram) }
            if let deadline = a.pollTimeout(), deadline <= now { a.handleTimeout(now: now) }
            if let deadline = b.pollTimeout(), deadline <= now { b.handleTimeout(now: now) }
            flush()
        }

        func flush() {
            while let transmit = a.pollTransmit() {
                if transmit.transport == .tcp { aTCP?.send(transmit.bytes) } else { aSocket.send(transmit.bytes, to: transmit.destination) }
            }
            while let transmit = b.pollTransmit() { bSocket.send(transmit.bytes, to: transmit.destination) }
            while let event = a.pollEvent() {
                aEvents.append(event)
                if case .localCandidateGathered(let candidate) = event, candidate.kind == .relay {
                    // Trickle A's relayed candidate to B; A gets B's host candidate.
                    aRelay = candidate
                    b.addRemoteCandidate(candidate)
                    b.endOfRemoteCandidates()
                    a.addRemoteCandidate(.host(bSocket.address))
                    a.endOfRemoteCandidates()
                }
            }
            while let event = b.pollEvent() { bEvents.append(event) }
        }

        /// Steps until `done` or `limit` of real time.
        func run(for limit: Duration, until done: () -> Bool) {
            let end = ContinuousClock.now + limit
            while ContinuousClock.now < end, !done() {
                step()
                let descriptors = [aSocket.descriptor, bSocket.descriptor] + (aTCP.map { [$0.descriptor] } ?? [])
                waitReadable(descriptors, timeout: .milliseconds(2))
            }
        }
    }

    static func rtpPacket(sequence: Int, ssrc: UInt32, payloadByte: UInt8) -> [UInt8] {
        let seq = UInt16(truncatingIfNeeded: sequence)
        let timestamp = UInt32(truncatingIfNeeded: sequence &* 960)
        var packet: [UInt8] = [0x80, 111, UInt8(seq >> 8), UInt8(truncatingIfNeeded: seq)]
        for shift in [24, 16, 8, 0] { packet.append(UInt8(truncatingIfNeeded: timestamp >> UInt32(shift))) }
        for shift in [24, 16, 8, 0] { packet.append(UInt8(truncatingIfNeeded: ssrc >> UInt32(shift))) }
        packet += (0..<(100 + sequence % 60)).map { UInt8(truncatingIfNeeded: $0 &+ Int(payloadByte)) }
        return packet
    }

    @Test(arguments: [TURNTransport.udp, .tcp])
    func relayOnlyAgentReachesHostAgentThroughCoturn(transport: TURNTransport) throws {
        let coturn = try CoturnProcess()
        defer { coturn.stop() }
        let driver = try TwoAgentDriver(coturn: coturn, transport: transport)
        driver.a.gatherRelayCandidates(now: driver.clock.now)
        driver.flush()
        driver.run(for: .seconds(10)) { driver.a.connectionState == .connected && driver.b.connectionState == .connected }
        let relay = try #require(driver.aRelay, "no relayed candidate; relays \(driver.a.relayStatus); coturn log:\n\(coturn.logTail())")
        try #require(driver.a.connectionState == .connected && driver.b.connectionState == .connected,
                     "A \(driver.a.connectionState), B \(driver.b.connectionState); coturn log:\n\(coturn.logTail())")
        // ICE completed with A's relayed candidate (on coturn's relay address) selected.
        #expect(relay.kind == .relay && relay.address.addressBytes == [127, 0, 0, 1])
        #expect(relay.address.port != coturn.address.port)
        #expect(relay.relatedAddress == driver.aSocket.address || transport == .tcp)
        #expect(driver.a.selectedPair == ICESelectedPair(local: relay.address, remote: driver.bSocket.address))
        #expect(driver.b.selectedPair == ICESelectedPair(local: driver.bSocket.address, remote: relay.address))

        // The selected pair's channel (RFC 8656 §12) is bound one round trip after selection.
        driver.run(for: .seconds(5)) { (driver.a.relayStatus.first?.statistics.channelsBound ?? 0) >= 1 }
        #expect(driver.a.relayStatus.first?.statistics.channelsBound == 1)

        // 200 RTP-shaped packets each way, paced at 2 ms, through coturn.
        let fromA = (0..<Self.packetCount).map { Self.rtpPacket(sequence: $0, ssrc: 0xA1A1_A1A1, payloadByte: 0x11) }
        let fromB = (0..<Self.packetCount).map { Self.rtpPacket(sequence: $0, ssrc: 0xB2B2_B2B2, payloadByte: 0x77) }
        for (packetA, packetB) in zip(fromA, fromB) {
            #expect(driver.a.sendData(packetA, now: driver.clock.now))
            #expect(driver.b.sendData(packetB, now: driver.clock.now))
            driver.flush()
            driver.run(for: .milliseconds(2)) { false }
        }
        driver.run(for: .seconds(5)) { driver.bReceived.count >= Self.packetCount && driver.aReceived.count >= Self.packetCount }
        #expect(driver.bReceived.count == Self.packetCount)
        #expect(driver.aReceived.count == Self.packetCount)
        // Intact: every packet exactly once (loopback UDP does not reorder in practice, but
        // compare as sets of sequence numbers too so a reorder would be named clearly).
        #expect(driver.bReceived.map(\.bytes) == fromA)
        #expect(driver.aReceived.map(\.bytes) == fromB)
        #expect(driver.bReceived.allSatisfy { $0.remote == relay.address })
        #expect(driver.aReceived.allSatisfy { $0.remote == driver.bSocket.address && $0.local == relay.address })
        // Everything A got came through coturn; media used a channel (RFC 8656 §12).
        #expect(driver.aDirect == 0)
        let status = try #require(driver.a.relayStatus.first)
        #expect(status.state == .allocated)
        // All media went as ChannelData both ways (plus the consent checks on the pair).
        #expect(status.statistics.channelDataSent >= Self.packetCount)
        #expect(status.statistics.channelDataReceived >= Self.packetCount)

        driver.a.close()
        driver.flush()
    }
}
