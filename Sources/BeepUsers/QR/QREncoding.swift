/// Data and error correction codewords (ISO/IEC 18004:2015 §7.4 to §7.6).
enum QREncoding {
    /// The final interleaved codeword sequence for `bytes` in `version` (byte mode, level M).
    static func codewords(_ bytes: [UInt8], version: QRTables.Version) -> [UInt8] {
        let capacityBits = version.dataCodewords * 8
        var bits: [Bool] = []
        bits.reserveCapacity(capacityBits)
        func append(_ value: Int, count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        append(0b0100, count: 4)                      // §7.4.5 byte mode indicator
        append(bytes.count, count: version.countBits) // character count
        for byte in bytes { append(Int(byte), count: 8) }
        append(0, count: min(4, max(0, capacityBits - bits.count)))   // terminator (§7.4.9)
        append(0, count: (8 - bits.count % 8) % 8)                     // byte boundary
        var data: [UInt8] = []
        data.reserveCapacity(version.dataCodewords)
        for start in stride(from: 0, to: bits.count, by: 8) {
            var byte: UInt8 = 0
            for bit in bits[start..<(start + 8)] { byte = (byte << 1) | (bit ? 1 : 0) }
            data.append(byte)
        }
        var pad: UInt8 = 0xEC
        while data.count < version.dataCodewords {    // pad codewords 11101100 / 00010001
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        // Split into blocks, add error correction, interleave (§7.6).
        let divisor = ReedSolomon.divisor(degree: version.ecPerBlock)
        var blocks: [[UInt8]] = []
        var ecBlocks: [[UInt8]] = []
        var offset = 0
        for length in version.blocks {
            let block = Array(data[offset..<(offset + length)])
            offset += length
            blocks.append(block)
            ecBlocks.append(ReedSolomon.remainder(block, divisor: divisor))
        }
        var result: [UInt8] = []
        let longest = version.blocks.max() ?? 0
        for index in 0..<longest {
            for block in blocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<version.ecPerBlock {
            for ec in ecBlocks { result.append(ec[index]) }
        }
        return result
    }
}

/// Reed-Solomon over GF(2^8) with the QR primitive polynomial x^8+x^4+x^3+x^2+1 (0x11D).
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product: UInt16 = 0
        for shift in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= UInt16((y >> UInt8(shift)) & 1) * UInt16(x)
        }
        return UInt8(truncatingIfNeeded: product)
    }

    /// Coefficients (highest first, leading 1 omitted) of the generator (x - α^0)...(x - α^(degree-1)).
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    /// The error correction codewords: `data` * x^degree mod the generator.
    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}
