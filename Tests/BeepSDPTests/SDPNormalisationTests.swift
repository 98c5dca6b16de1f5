import BeepSDP
import Testing

/// The documented normalisations of `SessionDescription.serialized()`.
@Suite("Printing normalisation")
struct SDPNormalisationTests {
    @Test("Fields of o=, c=, b=, t=, m= are re-joined with one space and numbers lose leading zeros")
    func structuredLines() throws {
        let input = SDPSamples.crlf([
            "v=0", "o=-  007 1 IN IP4 0.0.0.0", "s=-", "c=IN  IP4 0.0.0.0", "b=AS:0064", "t=0  0",
            "m=audio  9 RTP/AVP   0", "a=fmtp:0  x=1",
        ])
        let printed = try SessionDescription.parse(input).serialized()
        #expect(printed == SDPSamples.crlf([
            "v=0", "o=- 7 1 IN IP4 0.0.0.0", "s=-", "c=IN IP4 0.0.0.0", "b=AS:64", "t=0 0",
            "m=audio 9 RTP/AVP 0", "a=fmtp:0  x=1",
        ]))
    }

    @Test("A missing final line ending is added")
    func finalLineEnding() throws {
        let printed = try SessionDescription.parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0").serialized()
        #expect(printed == "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n")
    }

    @Test("fmtp with no parameters prints without a trailing space")
    func emptyFormatParameters() throws {
        let attribute = SDPAttribute(.fmtp(FormatParameters(payloadType: 96, parameters: [])))
        #expect(attribute.sdpText == "fmtp:96")
        #expect(try SDPAttribute.parse(attribute.sdpText) == attribute)
    }
}
