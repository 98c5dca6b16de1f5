import BeepSDP
import Testing

@Suite("RFC 8839 ICE candidate attribute")
struct RFC8839CandidateTests {
    @Test("RFC 8839 §5.1 example host candidate")
    func hostExample() throws {
        let candidate = try ICECandidate.parse("1 1 UDP 2130706431 203.0.113.141 8998 typ host")
        #expect(candidate.foundation == "1" && candidate.component == 1)
        #expect(candidate.transport == "UDP" && candidate.isUDP && !candidate.isTCP)
        #expect(candidate.priority == 2130706431)
        #expect(candidate.address == "203.0.113.141" && candidate.port == 8998)
        #expect(candidate.type == .host && candidate.relatedAddress == nil)
        #expect(candidate.sdpValue == "1 1 UDP 2130706431 203.0.113.141 8998 typ host")
    }

    @Test("RFC 8839 §5.1 example srflx candidate (joined from the RFC's two folded lines)")
    func srflxExample() throws {
        let line = "2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998"
        let candidate = try ICECandidate.parse(line[...])
        #expect(candidate.type == .srflx && candidate.priority == 1694498815)
        #expect(candidate.relatedAddress == "203.0.113.141" && candidate.relatedPort == 8998)
        #expect(candidate.sdpValue == line)
    }

    @Test("RFC 6544 §4.5 tcptype and Chromium extensions, trickle 'candidate:' prefix accepted")
    func tcpAndExtensions() throws {
        let value = "candidate:3 1 tcp 1518280447 198.51.100.7 9 typ host tcptype active generation 0 "
            + "ufrag EsAw network-id 1 network-cost 50 x-custom yes"
        let candidate = try ICECandidate.parse(value[...])
        #expect(candidate.isTCP && candidate.port == 9 && candidate.tcpType == .active)
        #expect(candidate.generation == 0 && candidate.ufrag == "EsAw")
        #expect(candidate.networkID == 1 && candidate.networkCost == 50)
        #expect(candidate.extensions == [FormatParameter(key: "x-custom", value: "yes")])
        #expect(candidate.candidateString == value)
    }

    @Test("mDNS host names are kept as text (draft-ietf-mmusic-mdns-ice-candidates)")
    func mdnsAddress() throws {
        let candidate = try ICECandidate.parse(
            "1 1 udp 2113937151 4a2b7c1e-90f4-4a8e-b0ab-0c1e5e3a8f5d.local 54321 typ host generation 0")
        #expect(candidate.address == "4a2b7c1e-90f4-4a8e-b0ab-0c1e5e3a8f5d.local")
        #expect(candidate.isMDNS)
    }

    @Test("Malformed candidates throw typed errors", arguments: [
        ("1 1 udp 2113929471 203.0.113.100 10100 typ", SDPParseError.Code.missingField),
        ("1 1 udp 2113929471 203.0.113.100 10100 type host", .invalidValue),
        ("1 0 udp 2113929471 203.0.113.100 10100 typ host", .outOfRange),
        ("1 1 udp 99999999999 203.0.113.100 10100 typ host", .outOfRange),
        ("1 1 udp 1 203.0.113.100 70000 typ host", .outOfRange),
        ("1 1 udp 1 203.0.113.100 port typ host", .invalidNumber),
        ("1 1 udp 1 203.0.113.100 1 typ srflx raddr", .missingField),
        ("1 1 udp 1 203.0.113.100 1 typ srflx rport x", .invalidNumber),
        ("1 1 tcp 1 203.0.113.100 1 typ host tcptype sideways", .invalidValue),
        ("f*o 1 udp 1 203.0.113.100 1 typ host", .invalidValue),
    ])
    func malformed(value: String, code: SDPParseError.Code) {
        #expect(throws: SDPParseError.self) { try ICECandidate.parse(value[...]) }
        do {
            _ = try ICECandidate.parse(value[...])
        } catch {
            #expect(error.code == code)
        }
    }
}
