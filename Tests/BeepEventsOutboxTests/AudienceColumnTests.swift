@testable import BeepEventsOutbox
import Foundation
import Testing

/// The outbox's audience column: a JSON array of user ids in any order, read back as a set.
@Suite("Outbox audience column")
struct AudienceColumnTests {
    @Test func roundTripsAsASet() throws {
        let audience: Set<String> = ["1234567890123456789", "7", "42", #"a"b\c"#, "Ünïcode ✓"]
        let text = AudienceColumn.encode(audience)
        #expect(Set(try JSONDecoder().decode([String].self, from: Data(text.utf8))) == audience)
        #expect(AudienceColumn.decode(text).users == audience)
        #expect(AudienceColumn.decode(text).memberLists.isEmpty)
        #expect(AudienceColumn.encode([]) == "[]")
        // Rows written sorted (before the order was dropped) read the same.
        #expect(AudienceColumn.decode(#"["1234567890123456789","42","7"]"#).users == ["7", "42", "1234567890123456789"])
    }

    @Test func memberListAudienceRoundTripsAsAnObject() throws {
        let lists: [String: Set<String>] = ["900": ["1", "2", "3"], "901": ["2"]]
        let text = AudienceColumn.encode(["1"], memberLists: lists)
        #expect(text.hasPrefix("{"))
        let decoded = AudienceColumn.decode(text)
        #expect(decoded.users == ["1"])
        #expect(decoded.memberLists == lists)
    }

    @Test func unreadableTextIsNobody() {
        for unreadable in ["not json", "[", #"["1","#, "[1,2]", #"{"a":1}"#, "", #"{"users":["1"],"memberLists":{"9":[1]}}"#] {
            #expect(AudienceColumn.decode(unreadable).users == [], "\(unreadable)")
            #expect(AudienceColumn.decode(unreadable).memberLists.isEmpty, "\(unreadable)")
        }
    }
}
