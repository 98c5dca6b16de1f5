import BeepWire
import Testing

@Suite struct ByteReaderTests {
    @Test func readsBigEndianFields() throws {
        var reader = ByteReader([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A])
        #expect(try reader.readUInt8() == 0x01)
        #expect(try reader.readUInt16() == 0x0203)
        #expect(try reader.readUInt24() == 0x04_0506)
        #expect(try reader.readUInt32() == 0x0708_090A)
        #expect(reader.isAtEnd)
    }

    @Test func truncatedReadThrowsAndKeepsOffset() throws {
        var reader = ByteReader([0xAA, 0xBB, 0xCC])
        #expect(throws: WireError.self) { try reader.readUInt32() }
        #expect(reader.offset == 0)
        #expect(try reader.readUInt16() == 0xAABB)
        do {
            _ = try reader.readBytes(2)
            Issue.record("expected a truncation error")
        } catch {
            #expect(error.code == .truncated)
        }
    }

    @Test func negativeCountsAreRejected() {
        var reader = ByteReader([1, 2, 3])
        #expect(throws: WireError.self) { try reader.skip(-1) }
        #expect(throws: WireError.self) { try reader.readBytes(-5) }
    }

    @Test func subReaderIsBounded() throws {
        var reader = ByteReader([1, 2, 3, 4, 5])
        _ = try reader.readUInt8()
        var sub = try reader.subReader(2)
        #expect(try sub.readUInt16() == 0x0203)
        #expect(throws: WireError.self) { try sub.readUInt8() }
        #expect(try reader.readUInt16() == 0x0405)
    }

    @Test func rangeInitClampsToArray() {
        let reader = ByteReader([1, 2, 3], range: 2..<10)
        #expect(reader.remaining == 1)
        let empty = ByteReader([1, 2, 3], range: -4 ..< -1)
        #expect(empty.remaining == 0)
    }

    @Test func writerRoundTripsAndPatches() throws {
        var writer = ByteWriter()
        writer.write(UInt8(0x7F))
        writer.write(UInt16(0))
        writer.writeUInt24(0x123456)
        writer.write(UInt64(0x0102_0304_0506_0708))
        writer.patch(UInt16(0xBEEF), at: 1)
        writer.patch(UInt16(0xBEEF), at: 100)  // out of range: ignored
        writer.pad(toMultipleOf: 4)
        #expect(writer.count == 16)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.readUInt8() == 0x7F)
        #expect(try reader.readUInt16() == 0xBEEF)
        #expect(try reader.readUInt24() == 0x123456)
        #expect(try reader.readUInt64() == 0x0102_0304_0506_0708)
    }

    @Test func bigEndianInPlaceAccessNeverTraps() {
        var bytes: [UInt8] = [0, 0, 0, 0]
        #expect(BigEndian.store(UInt32(0xDEAD_BEEF), in: &bytes, at: 0))
        #expect(BigEndian.uint32(bytes, at: 0) == 0xDEAD_BEEF)
        #expect(BigEndian.uint16(bytes, at: 2) == 0xBEEF)
        #expect(BigEndian.uint16(bytes, at: 3) == nil)
        #expect(!BigEndian.store(UInt16(1), in: &bytes, at: -1))
    }
}
