import BeepMessages
import BeepPlatformCore
import Testing

@Suite("Search query syntax")
struct SearchQueryParserTests {
    @Test func wordsPhrasesAndFilters() throws {
        let query = try SearchQueryParser.parse(
            #"Hello "big  World" from:Alice from:@bob mentions:carol has:link pinned:true don't x:y"#)
        #expect(query.terms == ["hello", "big world", "don t", "x y"])
        #expect(query.authors == ["alice", "bob"])
        #expect(query.mentions == ["carol"])
        #expect(query.hasLink == true)
        #expect(query.pinned == true)
        #expect(query.beforeID == nil && query.afterID == nil)
        #expect(try SearchQueryParser.parse("pinned:false").pinned == false)
        #expect(try SearchQueryParser.parse("").isEmpty)
        #expect(try SearchQueryParser.parse("  --- ... ").isEmpty)
        #expect(try SearchQueryParser.parse(#"from:"bob""#).authors == ["bob"])
    }

    @Test func datesAndIdsBecomeIdBounds() throws {
        let query = try SearchQueryParser.parse("before:2026-03-02 after:2026-03-01")
        let dayStart = Snowflake(rawValue: (Int64(59) * 86_400_000) << 22)  // 2026-03-01 is day 59 of 2026
        let nextDayStart = Snowflake(rawValue: (Int64(60) * 86_400_000) << 22)
        #expect(query.beforeID == nextDayStart)
        #expect(query.afterID == Snowflake(rawValue: nextDayStart.rawValue - 1))
        #expect(try SearchQueryParser.parse("before:2026-03-01").beforeID == dayStart)
        let ids = try SearchQueryParser.parse("before:900 after:100 before:500")
        #expect(ids.beforeID == Snowflake(rawValue: 500))
        #expect(ids.afterID == Snowflake(rawValue: 100))
        // Far-future dates clamp instead of overflowing.
        #expect(try SearchQueryParser.parse("before:9999-12-31").beforeID == Snowflake(rawValue: ((Int64(1) << 41) - 1) << 22))
        #expect(try SearchQueryParser.parse("after:1999-01-01").afterID == Snowflake(rawValue: -1))
    }

    @Test(arguments: [
        ("before:yesterday", "q.before"), ("after:2026-02-30", "q.after"), ("after:2026-13-01", "q.after"),
        ("before:", "q.before"), ("has:file", "q.has"), ("pinned:maybe", "q.pinned"), ("from:a", "q.from"),
        ("from:bad-name!", "q.from"), ("mentions:", "q.mentions"), (#""unclosed"#, "q"),
        ("from:a1 from:a2 from:a3 from:a4 from:a5 from:a6", "q.from"),
    ])
    func badInputNamesItsField(input: String, field: String) {
        var caught: MessageError?
        do {
            let query = try SearchQueryParser.parse(input)
            Issue.record("parsed \(input) as \(query)")
        } catch {
            caught = error
        }
        #expect(caught?.code == .invalid(field: field))
        #expect(caught?.apiError.field == field)
    }

    @Test func limitsOnSize() {
        let long = String(repeating: "a", count: SearchQueryParser.maxLength + 1)
        #expect(throws: MessageError.self) { try SearchQueryParser.parse(long) }
        let many = (0...SearchQueryParser.maxTerms).map { "w\($0)" }.joined(separator: " ")
        #expect(throws: MessageError.self) { try SearchQueryParser.parse(many) }
        let invalid = MessageError.invalid("q", "x")
        #expect(invalid.apiError.field == "q")
        #expect(invalid.apiError.code == "invalid")
    }
}
