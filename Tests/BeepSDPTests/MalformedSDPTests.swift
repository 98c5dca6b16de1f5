import BeepSDP
import Testing

@Suite("Malformed SDP input")
struct MalformedSDPTests {
    /// A valid header (4 lines) so a bad fifth line is reported as line 5.
    private static let head = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"

    @Test("A bad line throws its code and 1-based line number", arguments: [
        (head + "this is not sdp\r\n", SDPParseError.Code.malformedLine, 5),
        (head + "\r\n", .malformedLine, 5),
        (head + "x=unknown\r\n", .unknownLineType, 5),
        (head + "o=- 1 1 IN IP4 0.0.0.0\r\n", .outOfOrder, 5),
        ("v=0\r\ns=-\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\n", .outOfOrder, 2),
        ("o=- 1 1 IN IP4 0.0.0.0\r\n", .outOfOrder, 1),
        ("v=1\r\n", .invalidValue, 1),
        ("v=0\r\no=- x 1 IN IP4 0.0.0.0\r\n", .invalidNumber, 2),
        ("v=0\r\no=- 1 1 IN IP4\r\n", .missingField, 2),
        ("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n", .outOfOrder, 4),
        (head + "m=audio 9 RTP/AVP\r\n", .missingField, 5),
        (head + "m=audio nine RTP/AVP 0\r\n", .invalidNumber, 5),
        (head + "m=audio 65536 RTP/AVP 0\r\n", .outOfRange, 5),
        (head + "m=audio 9 UDP/TLS/RTP/SAVPF 128\r\n", .outOfRange, 5),
        (head + "m=audio 9 UDP/TLS/RTP/SAVPF opus\r\n", .invalidNumber, 5),
        (head + "m=audio 9 RTP/AVP 0\r\nt=0 0\r\n", .outOfOrder, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=mid:0\r\nc=IN IP4 0.0.0.0\r\n", .outOfOrder, 7),
        (head + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/rate\r\n", .invalidNumber, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=rtpmap:200 PCMU/8000\r\n", .outOfRange, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0\r\n", .missingField, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=fmtp:x a=b\r\n", .invalidNumber, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 1 10.0.0.1 9\r\n", .missingField, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=extmap:0 urn:x\r\n", .outOfRange, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=extmap:256 urn:x\r\n", .outOfRange, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=extmap:1/sideways urn:x\r\n", .invalidValue, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=setup:sometimes\r\n", .invalidValue, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=fingerprint:sha-256 AB:C\r\n", .invalidValue, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=fingerprint:sha-256\r\n", .missingField, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=sctp-port:-1\r\n", .invalidNumber, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=rtcp-mux:yes\r\n", .malformedLine, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=mid\r\n", .missingField, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=ssrc:abc cname:x\r\n", .invalidNumber, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=ssrc-group:FID 1 x\r\n", .invalidNumber, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=rid:h sideways\r\n", .invalidValue, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=rid:h send pt=300\r\n", .outOfRange, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=simulcast:both h\r\n", .invalidValue, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=simulcast:send h;;m\r\n", .invalidValue, 6),
        (head + "m=audio 9 RTP/AVP 0\r\na=:value\r\n", .malformedLine, 6),
        (head + "a=ok\u{0}\r\n", .invalidEncoding, 5),
        (head + "a=bare\rcr\r\n", .invalidEncoding, 5),
        (head + "m=audio 9 RTP/AVP 0\r\nb=AS\r\n", .missingField, 6),
        ("", .outOfOrder, 0),
    ])
    func badLine(text: String, code: SDPParseError.Code, line: Int) {
        do {
            let parsed = try SessionDescription.parse(text)
            Issue.record("parsed unexpectedly: \(parsed.serialized())")
        } catch {
            #expect(error.code == code, "\(error)")
            #expect(error.line == line, "\(error)")
        }
    }

    @Test("Input over SDPLimits.maxBytes is rejected before parsing")
    func tooManyBytes() {
        let text = Self.head + String(repeating: "a=x-padding:0123456789abcdef0123456789abcdef\r\n", count: 2_000)
        #expect(text.utf8.count > SDPLimits.maxBytes)
        #expect(throws: SDPParseError(.tooLarge, "description is \(text.utf8.count) bytes, limit \(SDPLimits.maxBytes)")) {
            try SessionDescription.parse(text)
        }
        #expect(throws: SDPParseError.self) { try SessionDescription.parse(Array(text.utf8)) }
    }

    @Test("Input over SDPLimits.maxLines is rejected at the first line past the limit")
    func tooManyLines() {
        let text = Self.head + String(repeating: "a=x\r\n", count: SDPLimits.maxLines)
        #expect(text.utf8.count <= SDPLimits.maxBytes)
        do {
            _ = try SessionDescription.parse(text)
            Issue.record("parsed unexpectedly")
        } catch {
            #expect(error.code == .tooLarge && error.line == SDPLimits.maxLines + 1)
        }
    }

    @Test("Invalid UTF-8 bytes are rejected cleanly")
    func invalidUTF8() {
        var bytes = Array(Self.head.utf8)
        bytes += Array("a=x-name:".utf8) + [0xC3, 0x28] + [0x0D, 0x0A]
        #expect(throws: SDPParseError(.invalidEncoding, "description is not valid UTF-8")) {
            try SessionDescription.parse(bytes)
        }
    }

    @Test("Every prefix and many byte mutations of RFC 8829 §7.2 offer-B2 parse or throw, never trap")
    func truncationsAndMutations() {
        let bytes = Array(SDPSamples.crlf(SDPSamples.rfc8829OfferB2).utf8)
        var accepted = 0
        var rejected = 0
        func attempt(_ input: [UInt8]) {
            if (try? SessionDescription.parse(input)) != nil { accepted += 1 } else { rejected += 1 }
        }
        for end in stride(from: 0, through: bytes.count, by: 3) { attempt(Array(bytes[0..<end])) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let replacements: [UInt8] = [0x00, 0x0A, 0x0D, 0x20, 0x3A, 0x3D, 0x2F, 0x3B, 0x7E, 0x39, 0x61, 0xFF]
        for _ in 0..<1_500 {
            var mutated = bytes
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let position = Int(truncatingIfNeeded: (state >> 33) % UInt64(mutated.count))
                mutated[position] = replacements[Int(truncatingIfNeeded: (state >> 17) % UInt64(replacements.count))]
            }
            attempt(mutated)
        }
        #expect(accepted > 0 && rejected > 0)
        #expect(accepted + rejected == bytes.count / 3 + 1 + 1_500)
    }
}
