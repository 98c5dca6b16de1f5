import BeepRTP
import BeepWire
import Testing

@Suite("RTP header extensions (RFC 8285)")
struct RTPHeaderExtensionTests {
    @Test("RFC 8285 §4.2: one-byte form skips padding and stops at ID 15")
    func oneByteStopsAtID15() throws {
        // id 1 len 1 = 07, padding, id 15 (stop; its length nibble and the rest are ignored), id 2 len 1.
        let block = RTPHeaderExtension(profile: 0xBEDE, data: try hex("10 07 00 f3 20 09 00 00"))
        #expect(try block.elements() == [RTPHeaderExtensionElement(id: 1, data: [7])])
        #expect(block.element(id: 2) == nil)
        #expect(block.element(id: 1) == [7])
    }

    @Test("RFC 8285 §4.2: one-byte element lengths 1-16 encode as L = length - 1")
    func oneByteLengths() throws {
        for length in 1...16 {
            let element = RTPHeaderExtensionElement(id: 14, data: (0..<length).map { UInt8($0) })
            let block = try RTPHeaderExtension(elements: [element])
            #expect(block.form == .oneByte)
            #expect(block.data.first == 0xE0 | UInt8(length - 1))
            #expect(block.data.count % 4 == 0)
            #expect(try block.elements() == [element])
        }
    }

    @Test("RFC 8285 §4.3: two-byte form is chosen for id 15+, empty data or 17+ bytes")
    func choosesTwoByteForm() throws {
        let cases: [[RTPHeaderExtensionElement]] = [
            [RTPHeaderExtensionElement(id: 15, data: [1])],
            [RTPHeaderExtensionElement(id: 1, data: [])],
            [RTPHeaderExtensionElement(id: 1, data: Array(repeating: 9, count: 17))],
            [RTPHeaderExtensionElement(id: 255, data: Array(repeating: 1, count: 255)),
             RTPHeaderExtensionElement(id: 3, data: [2])],
        ]
        for elements in cases {
            let block = try RTPHeaderExtension(elements: elements)
            #expect(block.form == .twoByte)
            #expect(block.profile == 0x1000)
            #expect(block.data.count % 4 == 0)
            #expect(try block.elements() == elements)
        }
    }

    @Test("RFC 8285 §4.3: two-byte form with appbits set is still recognised, padding skipped")
    func twoByteAppBits() throws {
        let block = RTPHeaderExtension(profile: 0x100F, data: try hex("00 05 01 ff 00 00 00 00"))
        #expect(block.form == .twoByte)
        #expect(try block.elements() == [RTPHeaderExtensionElement(id: 5, data: [0xFF])])
    }

    @Test("RFC 8285 §4.2/§4.3: building rejects id 0, forced one-byte id 15, and 256-byte data")
    func buildRejectsInvalid() {
        #expect(throws: WireError.self) { try RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 0, data: [1])]) }
        #expect(throws: WireError.self) {
            try RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 15, data: [1])], form: .oneByte)
        }
        #expect(throws: WireError.self) {
            try RTPHeaderExtension(elements: [RTPHeaderExtensionElement(id: 1, data: Array(repeating: 0, count: 256))])
        }
    }

    @Test("RFC 8285 §4.2/§4.3: an element running past the block throws .truncated")
    func elementPastBlock() throws {
        let oneByte = RTPHeaderExtension(profile: 0xBEDE, data: try hex("13 01 02 03"))
        #expect(throws: WireError.self) { try oneByte.elements() }
        let twoByte = RTPHeaderExtension(profile: 0x1000, data: try hex("01 05 01 02"))
        let error = #expect(throws: WireError.self) { try twoByte.elements() }
        #expect(error?.code == .truncated)
        let missingLength = RTPHeaderExtension(profile: 0x1000, data: try hex("00 00 00 07"))
        #expect(throws: WireError.self) { try missingLength.elements() }
    }

    @Test("RFC 3550 §5.3.1: a non-RFC 8285 profile is kept raw but not decoded")
    func otherProfile() throws {
        let block = RTPHeaderExtension(profile: 0xABAC, data: [1, 2, 3, 4])
        #expect(block.form == nil)
        let error = #expect(throws: WireError.self) { try block.elements() }
        #expect(error?.code == .unsupported)
        #expect(block.element(id: 1) == nil)
    }

    @Test("RFC 8285 §4.2: the iterator stops and records the error on a malformed block")
    func iteratorRecordsError() throws {
        let data = try hex("10 07 1f 00")
        var walker = RTPHeaderExtensionElements(data, range: 0..<data.count, form: .oneByte)
        #expect(walker.next() == RTPHeaderExtensionElementRange(id: 1, range: 1..<2))
        #expect(walker.next() == nil)
        #expect(walker.error?.code == .truncated)
    }
}
