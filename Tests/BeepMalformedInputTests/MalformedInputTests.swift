import BeepParserFuzzing
import BeepTestSupport
import Foundation
import Testing

/// Bad input for every parser: truncated, oversized, random and bit-flipped. Each input must
/// either parse (and then round-trip) or be refused with the parser's typed error; a trap would
/// crash the test process, and an accepted input that breaks an invariant fails the test.
@Suite struct MalformedInputTests {
    static let targets = ParserFuzzTarget.allCases
    static let prefixParsers: Set<ParserFuzzTarget> = [.vp8Descriptor, .vp8PayloadHeader, .opusTOC]

    @Test(arguments: targets)
    func seedsAreValid(target: ParserFuzzTarget) throws {
        let seeds = try MutationSeeds.seeds(for: target)
        #expect(!seeds.isEmpty)
        for seed in seeds {
            #expect(target.run(seed) == .accepted, "seed of \(seed.count) bytes for \(target)")
        }
    }

    @Test(arguments: targets)
    func everyTruncationIsHandled(target: ParserFuzzTarget) throws {
        var tally = OutcomeTally()
        for seed in try MutationSeeds.seeds(for: target) {
            for length in 0..<seed.count { tally.add(input: Array(seed[..<length]), target) }
        }
        tally.expectNoViolations(target)
        #expect(tally.rejected > 0, "no truncation of a \(target) input was refused")
    }

    @Test(arguments: targets)
    func everySingleBitFlipIsHandled(target: ParserFuzzTarget) throws {
        var tally = OutcomeTally()
        for seed in try MutationSeeds.seeds(for: target) {
            // Every bit of the first 96 bytes (headers live there), then every 7th bit after.
            let bitCount = seed.count * 8
            for bit in stride(from: 0, to: bitCount, by: 1) where bit < 768 || bit % 7 == 0 {
                var mutated = seed
                mutated[bit / 8] ^= 1 << UInt8(bit % 8)
                tally.add(input: mutated, target)
            }
        }
        tally.expectNoViolations(target)
    }

    @Test(arguments: targets)
    func randomBytesAreRefusedWithTypedErrors(target: ParserFuzzTarget) {
        var generator = SeededGenerator(seed: 0xBEE9 &+ UInt64(target.rawValue.utf8.count))
        var tally = OutcomeTally()
        for _ in 0..<1500 {
            let length = Int(generator.next() % 300)
            tally.add(input: (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, target)
        }
        tally.expectNoViolations(target)
        #expect(tally.rejected > 0)
        #expect(tally.reasonsAreExplained)
    }

    @Test(arguments: targets)
    func randomEditsOfValidInputAreHandled(target: ParserFuzzTarget) throws {
        var generator = SeededGenerator(seed: 0x5EED)
        var tally = OutcomeTally()
        for seed in try MutationSeeds.seeds(for: target) {
            for _ in 0..<200 {
                tally.add(input: MutationSeeds.randomEdit(of: seed, using: &generator), target)
            }
        }
        tally.expectNoViolations(target)
    }

    @Test(arguments: targets)
    func oversizedInputIsHandled(target: ParserFuzzTarget) throws {
        var tally = OutcomeTally()
        for seed in try MutationSeeds.seeds(for: target) {
            tally.add(input: seed + [UInt8](repeating: 0xFF, count: 70_000), target)
            tally.add(input: seed + seed + seed, target)
        }
        tally.add(input: [UInt8](repeating: 0x80, count: 1 << 20), target)
        tally.add(input: [UInt8](repeating: 0x00, count: 1 << 20), target)
        tally.expectNoViolations(target)
        // Descriptor and TOC parsers read a prefix and leave the rest to the codec by design.
        if !Self.prefixParsers.contains(target) {
            #expect(tally.rejected > 0, "\(target) accepted every oversized input")
        }
    }
}

/// Counts outcomes; keeps the first few invariant violations for the failure message.
struct OutcomeTally {
    var accepted = 0
    var rejected = 0
    var emptyReasons = 0
    var violations: [String] = []

    /// Records the outcome of `input`; a violation keeps the input's hex as its reproducer.
    mutating func add(_ outcome: FuzzOutcome, input: [UInt8]) {
        switch outcome {
        case .accepted: accepted += 1
        case .rejected(let reason):
            rejected += 1
            if reason.isEmpty { emptyReasons += 1 }
        case .invariantViolated(let what):
            if violations.count < 5 {
                let hex = input.prefix(256).map { String($0, radix: 16).leftPadded() }.joined()
                violations.append("\(what) on input \(hex)")
            }
        }
    }

    /// Runs `input` through `target` and records the outcome.
    mutating func add(input: [UInt8], _ target: ParserFuzzTarget) {
        add(target.run(input), input: input)
    }

    var reasonsAreExplained: Bool { emptyReasons == 0 }

    func expectNoViolations(_ target: ParserFuzzTarget, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(violations.isEmpty, "\(target): \(violations)", sourceLocation: sourceLocation)
    }
}

extension String {
    /// Two hex digits for a byte.
    func leftPadded() -> String { count == 1 ? "0" + self : self }
}
