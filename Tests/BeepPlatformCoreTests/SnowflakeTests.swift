import BeepPlatformCore
import Foundation
import Testing

@Suite struct SnowflakeTests {
    @Test func layoutIsMillisecondsNodeSequence() {
        let generator = SnowflakeGenerator(node: 5)
        let now = Date(timeIntervalSince1970: 1_767_225_600 + 1) // 1000 ms after the epoch
        let first = generator.next(now: now)
        #expect(first.rawValue == (1000 << 22) | (5 << 12))
        #expect(first.node == 5)
        #expect(first.timestamp == now)
        let second = generator.next(now: now)
        #expect(second.rawValue == first.rawValue + 1)
    }

    @Test func idsAreUniqueAndIncreasingEvenPastTheSequenceAndWhenTheClockGoesBack() {
        let generator = SnowflakeGenerator(node: 1)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var previous = generator.next(now: now)
        var seen: Set<Snowflake> = [previous]
        for index in 0..<10_000 {
            let time = index % 1000 == 0 ? now.addingTimeInterval(-5) : now
            let id = generator.next(now: time)
            #expect(id > previous)
            seen.insert(id)
            previous = id
        }
        #expect(seen.count == 10_001)
        // 10 001 ids in one millisecond need 3 milliseconds of 4096 sequences.
        #expect(previous.timestamp.timeIntervalSince(now) >= 0.002)
    }

    @Test func concurrentGenerationNeverRepeats() async {
        let generator = SnowflakeGenerator()
        let ids = await withTaskGroup(of: [Snowflake].self) { group in
            for _ in 0..<8 { group.addTask { (0..<2000).map { _ in generator.next() } } }
            var all: [Snowflake] = []
            for await chunk in group { all += chunk }
            return all
        }
        #expect(Set(ids).count == 16_000)
    }

    @Test func jsonIsADecimalString() throws {
        let id = Snowflake(rawValue: 9_007_199_254_740_993) // above 2^53: a JS number would round it
        let data = try JSONEncoder().encode(["id": id])
        #expect(String(decoding: data, as: UTF8.self) == #"{"id":"9007199254740993"}"#)
        #expect(try JSONDecoder().decode([String: Snowflake].self, from: data)["id"] == id)
    }

    @Test(arguments: [#"{"id":12}"#, #"{"id":"-1"}"#, #"{"id":"1e3"}"#, #"{"id":"99999999999999999999"}"#, #"{"id":""}"#])
    func jsonRefusesNonStrings(json: String) {
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder().decode([String: Snowflake].self, from: Data(json.utf8))
        }
    }

    @Test func parsing() {
        #expect(Snowflake("42")?.rawValue == 42)
        #expect(Snowflake("+42") == nil)
        #expect(Snowflake(" 42") == nil)
        #expect(Snowflake("9223372036854775808") == nil)
        #expect(Snowflake("9223372036854775807")?.rawValue == Int64.max)
    }
}
