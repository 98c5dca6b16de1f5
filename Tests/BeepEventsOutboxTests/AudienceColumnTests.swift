@testable import BeepEventsOutbox
import Foundation
import Testing

/// The outbox's audience column: a JSON array of user ids, written and read directly for decimal
/// ids and through JSONEncoder/JSONDecoder otherwise; any JSON reader gets the same set.
@Suite("Outbox audience column")
struct AudienceColumnTests {
    @Test func decimalIdsAreJSONAndRoundTrip() throws {
        let audience: Set<String> = ["1234567890123456789", "7", "42", "900719925474099"]
        let text = AudienceColumn.encode(audience)
        #expect(Set(try JSONDecoder().decode([String].self, from: Data(text.utf8))) == audience)
        #expect(AudienceColumn.decode(text) == audience)
        #expect(AudienceColumn.decimalIDs(text) == audience)
        #expect(AudienceColumn.encode(["5"]) == #"["5"]"#)
        #expect(AudienceColumn.encode([]) == "[]")
        #expect(AudienceColumn.decode("[]") == [])
        // Rows written by JSONEncoder (sorted) read the same.
        let encoded = String(decoding: try JSONEncoder().encode(audience.sorted()), as: UTF8.self)
        #expect(AudienceColumn.decode(encoded) == audience)
    }

    @Test func otherTextGoesThroughJSON() {
        let audience: Set<String> = ["12", #"a"b\c"#, "", "Ünïcode ✓", "1,2"]
        let text = AudienceColumn.encode(audience)
        #expect(AudienceColumn.decimalIDs(text) == nil)
        #expect(AudienceColumn.decode(text) == audience)
        #expect(AudienceColumn.decode(#"[ "1" , "2" ]"#) == ["1", "2"])
        for unreadable in ["not json", "[", "]", #"["1","#, #"[1,2]"#, #"{"a":1}"#, ""] {
            #expect(AudienceColumn.decode(unreadable) == [], "\(unreadable)")
        }
    }
}
