import BeepCalls
import Foundation
import Testing

/// The Codable types are the single source of the protocol: what one side encodes, the
/// other decodes to the same value.
@Suite("Signalling protocol v1: round trips")
struct ProtocolRoundTripTests {
    @Test("every client message survives encode → decode",
          arguments: ClientMessageDecodingTests.validFrames.map(\.1))
    func clientRoundTrip(envelope: ClientEnvelope) throws {
        #expect(try ClientEnvelope.decode(frame: envelope.jsonFrame()) == envelope)
    }

    @Test("every server message survives encode → decode", arguments: ServerMessageEncodingTests.cases.map(\.0))
    func serverRoundTrip(envelope: ServerEnvelope) throws {
        #expect(try ServerEnvelope.decode(frame: envelope.jsonFrame()) == envelope)
    }

    @Test("malformed server frames are refused with a code", arguments: [
        ("{}", SignallingErrorCode.badRequest),
        (#"{"v":3,"type":"pong"}"#, .unsupportedVersion),
        (#"{"v":1,"type":"teleport"}"#, .badRequest),
        (#"{"v":1,"type":"muteChanged","participantId":"p1","kind":"audio"}"#, .badRequest),
        (#"{"v":1,"type":"trackPublished","participantId":"p1","kind":"smell","trackId":"t","mid":"0","muted":false}"#, .badRequest),
        ("[]", .badRequest),
        ("", .badRequest),
    ])
    func serverRefusals(json: String, code: SignallingErrorCode) {
        do throws(SignallingError) {
            _ = try ServerEnvelope.decode(frame: CallTestFixtures.frame(json))
            Issue.record("decoded \(json)")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test("an oversized server frame is too_large")
    func serverTooLarge() {
        #expect(throws: SignallingError.self) {
            try ServerEnvelope.decode(frame: [UInt8](repeating: 0x20, count: SignallingLimits.maximumFrameBytes + 1))
        }
    }
}
