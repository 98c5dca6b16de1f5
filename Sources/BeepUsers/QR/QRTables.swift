/// Per-version constants for error correction level M (ISO/IEC 18004:2015 Tables 7 and 9,
/// Annex E alignment pattern positions).
enum QRTables {
    struct Version: Sendable {
        let number: Int
        /// Error correction codewords per block.
        let ecPerBlock: Int
        /// Data codewords of each block (short blocks first).
        let blocks: [Int]
        /// Alignment pattern centre coordinates.
        let alignment: [Int]

        var dataCodewords: Int { blocks.reduce(0, +) }
        /// Bits of the character count indicator in byte mode (Table 3).
        var countBits: Int { number <= 9 ? 8 : 16 }
        /// Most bytes that fit: data bits minus mode (4) and count indicator.
        var byteCapacity: Int { (dataCodewords * 8 - 4 - countBits) / 8 }
    }

    static let versions: [Version] = [
        Version(number: 1, ecPerBlock: 10, blocks: [16], alignment: []),
        Version(number: 2, ecPerBlock: 16, blocks: [28], alignment: [6, 18]),
        Version(number: 3, ecPerBlock: 26, blocks: [44], alignment: [6, 22]),
        Version(number: 4, ecPerBlock: 18, blocks: [32, 32], alignment: [6, 26]),
        Version(number: 5, ecPerBlock: 24, blocks: [43, 43], alignment: [6, 30]),
        Version(number: 6, ecPerBlock: 16, blocks: [27, 27, 27, 27], alignment: [6, 34]),
        Version(number: 7, ecPerBlock: 18, blocks: [31, 31, 31, 31], alignment: [6, 22, 38]),
        Version(number: 8, ecPerBlock: 22, blocks: [38, 38, 39, 39], alignment: [6, 24, 42]),
        Version(number: 9, ecPerBlock: 22, blocks: [36, 36, 36, 37, 37], alignment: [6, 26, 46]),
        Version(number: 10, ecPerBlock: 26, blocks: [43, 43, 43, 43, 44], alignment: [6, 28, 50]),
    ]
}
