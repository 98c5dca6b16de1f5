/// Decodes the hex text of a capture or test vector (whitespace ignored) into bytes; nil when
/// the text has an odd number of digits or a character that is not a hex digit.
public func bytes(hex text: String) -> [UInt8]? {
    let digits = text.utf8.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }
    guard digits.count.isMultiple(of: 2) else { return nil }
    var result: [UInt8] = []
    result.reserveCapacity(digits.count / 2)
    var index = 0
    while index < digits.count {
        guard let high = nibble(digits[index]), let low = nibble(digits[index &+ 1]) else { return nil }
        result.append(high << 4 | low)
        index &+= 2
    }
    return result
}

/// The value of one ASCII hex digit, or nil.
private func nibble(_ character: UInt8) -> UInt8? {
    switch character {
    case 0x30...0x39: character &- 0x30
    case 0x61...0x66: character &- 0x61 &+ 10
    case 0x41...0x46: character &- 0x41 &+ 10
    default: nil
    }
}
