/// Reads hex dumps laid out as in RFC 5769 §2: each line starts with up to four hex bytes,
/// followed by the RFC's annotation, which is ignored.
enum RFCHexDump {
    static func bytes(_ dump: String) -> [UInt8] {
        var out: [UInt8] = []
        for line in dump.split(separator: "\n") {
            for token in line.split(separator: " ").prefix(4) {
                guard token.count == 2, let byte = UInt8(token, radix: 16) else { break }
                out.append(byte)
            }
        }
        return out
    }
}
