@testable import BeepEventsOutbox
import Foundation
import Testing

/// The outbox's audience column: a JSON array of user ids, written by the fast path for decimal
/// ids and by JSONEncoder otherwise, read back the same either way.
@Suite("Outbox audience column")
struct AudienceColumnTests {
    @Test func decimalIdsEncodeAsJSONEncoderWouldAndRoundTrip() throws {
        let audience: Set<String> = ["1234567890123456789", "7", "42", "900719925474099"]
        let text = AudienceColumn.encode(audience)
        let expected = String(decoding: try JSONEncoder().encode(audience.sorted()), as: UTF8.self)
        #expect(text == expected)
        #expect(text == #"["1234567890123456789","42","7","900719925474099"]"#)
        #expect(AudienceColumn.decode(text) == audience)
        #expect(AudienceColumn.encode([]) == "[]")
    }

    @Test func otherTextIsEscapedByJSONAndRoundTrips() {
        let audience: Set<String> = ["12", #"a"b\c"#, "", "Ünïcode ✓"]
        let text = AudienceColumn.encode(audience)
        #expect(AudienceColumn.decode(text) == audience)
        #expect(AudienceColumn.decode("not json") == [])
    }
}
