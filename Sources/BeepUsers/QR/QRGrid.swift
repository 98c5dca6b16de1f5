/// The module grid while a symbol is built: function patterns, codeword placement, masking,
/// format and version information (ISO/IEC 18004:2015 §6.3, §7.7 to §7.10).
struct QRGrid {
    let version: Int
    let size: Int
    var modules: [Bool]
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        self.size = 17 + 4 * version
        self.modules = Array(repeating: false, count: size * size)
        self.isFunction = Array(repeating: false, count: size * size)
    }

    func get(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] }

    mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
        guard x >= 0, y >= 0, x < size, y < size else { return }
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    /// Timing (§6.3.5), finder and separators (§6.3.3), alignment (§6.3.6), reserved format
    /// areas and the dark module, version information (§7.10).
    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)
            setFunction(index, 6, index % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let distance = max(abs(dx), abs(dy))
                    setFunction(cx + dx, cy + dy, distance != 2 && distance != 4)
                }
            }
        }
        let positions = QRTables.versions[version - 1].alignment
        let last = positions.count - 1
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatBits(mask: 0)  // reserves the areas; redrawn with the chosen mask
        drawVersion()
    }

    /// Format information (§7.9): level M (00) and the mask, BCH(15,5) with 0x537, XOR 0x5412.
    mutating func drawFormatBits(mask: Int) {
        let data = (0b00 << 3) | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = ((data << 10) | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }
        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
        setFunction(8, size - 8, true)  // the dark module
    }

    /// Version information for versions 7 and up (§7.10): BCH(18,6) with 0x1F25.
    mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = (version << 12) | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            setFunction(a, b, dark)
            setFunction(b, a, dark)
        }
    }

    /// Places codeword bits in the two-column zigzag from the bottom right (§7.7.3).
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var bitIndex = 0
        let totalBits = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = ((right + 1) & 2) == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y * size + x] && bitIndex < totalBits {
                        let byte = codewords[bitIndex >> 3]
                        modules[y * size + x] = (byte >> UInt8(7 - (bitIndex & 7))) & 1 == 1
                        bitIndex += 1
                    }
                }
            }
            right -= 2
        }
    }

    /// XORs data modules with mask pattern `mask` (§7.8.2, Table 10; x = column, y = row).
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = (x * y) % 2 + (x * y) % 3 == 0
                case 6: invert = ((x * y) % 2 + (x * y) % 3) % 2 == 0
                default: invert = ((x + y) % 2 + (x * y) % 3) % 2 == 0
                }
                if invert { modules[y * size + x].toggle() }
            }
        }
    }

    /// The penalty score of §7.8.3 (rules N1 = 3, N2 = 3, N3 = 40, N4 = 10). Any mask gives a
    /// valid symbol; the score only picks the most readable one.
    func penalty() -> Int {
        var score = 0
        for horizontal in [true, false] {
            for line in 0..<size {
                var runColour = false
                var runLength = 0
                var sequence: [Bool] = []
                sequence.reserveCapacity(size)
                for position in 0..<size {
                    let dark = horizontal ? get(position, line) : get(line, position)
                    sequence.append(dark)
                    if position > 0 && dark == runColour {
                        runLength += 1
                    } else {
                        if runLength >= 5 { score += 3 + runLength - 5 }
                        runColour = dark
                        runLength = 1
                    }
                }
                if runLength >= 5 { score += 3 + runLength - 5 }
                score += 40 * Self.finderLikeCount(sequence)
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = get(x, y)
                if colour == get(x + 1, y) && colour == get(x, y + 1) && colour == get(x + 1, y + 1) { score += 3 }
            }
        }
        let dark = modules.filter { $0 }.count
        let total = size * size
        // Rule 4: 10 points per 5% step away from 50% dark.
        let deviation = abs(dark * 20 - total * 10)
        score += 10 * (deviation / total)
        return score
    }

    /// Occurrences of 1:1:3:1:1 dark-light-dark-light-dark with four light modules (or the
    /// symbol edge, i.e. the quiet zone) on one side.
    static func finderLikeCount(_ line: [Bool]) -> Int {
        let core: [Bool] = [true, false, true, true, true, false, true]
        var count = 0
        guard line.count >= core.count else { return 0 }
        for start in 0...(line.count - core.count) where Array(line[start..<(start + core.count)]) == core {
            let before = (max(0, start - 4)..<start).allSatisfy { !line[$0] }
            let afterEnd = start + core.count
            let after = (afterEnd..<min(line.count, afterEnd + 4)).allSatisfy { !line[$0] }
            if before || after { count += 1 }
        }
        return count
    }
}
