import BeepWire

/// Puts a transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// §2) into an RTP packet that may not carry the element yet: a forwarder numbers every packet
/// it sends on a transport, also packets whose publisher never negotiated the extension.
public enum TransportWideSequenceInsertion {
    /// `packet` with transport-wide sequence number `value` under extension id `id`.
    ///
    /// - An element with `id` and 2 data bytes is overwritten in place (no copy of the rest).
    /// - Otherwise the element is appended to the RFC 8285 block: into the block's trailing
    ///   zero padding when 3 (one-byte form, §4.2) or 4 (two-byte form, §4.3) bytes are free,
    ///   else the block grows by whole 32-bit words (RFC 3550 §5.3.1).
    /// - A packet without a header extension gets a one-byte-form block of one word.
    ///
    /// Returns nil, leaving the caller to send the packet unnumbered, when the packet does not
    /// parse, its extension uses another profile, the block ends with data that is not padding
    /// (an ID 15 terminator), or `id` does not fit the form (1-14 one-byte, 1-255 two-byte).
    public static func setting(_ value: UInt16, id: UInt8, in packet: [UInt8]) -> [UInt8]? {
        guard id != 0, let view = try? RTPHeaderView(parsing: packet) else { return nil }
        let high = UInt8(truncatingIfNeeded: value >> 8)
        let low = UInt8(truncatingIfNeeded: value)
        guard view.hasExtension else {
            guard id <= 14 else { return nil }
            let insertAt = view.headerLength
            guard insertAt <= packet.count else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(packet.count &+ 8)
            result.append(contentsOf: packet[0..<insertAt])
            result[0] |= 0x10  // X bit
            result.append(contentsOf: [0xBE, 0xDE, 0x00, 0x01, (id << 4) | 0x01, high, low, 0x00])
            result.append(contentsOf: packet[insertAt...])
            return result
        }
        guard let form = view.extensionForm else { return nil }
        if let range = view.extensionElement(id: id, in: packet) {
            guard range.count == 2 else { return nil }
            var result = packet
            result[range.lowerBound] = high
            result[range.lowerBound &+ 1] = low
            return result
        }
        let block = view.extensionRange
        guard block.upperBound <= packet.count, block.lowerBound >= 2 else { return nil }
        var elements = RTPHeaderExtensionElements(packet, range: block, form: form)
        var usedEnd = block.lowerBound
        while let element = elements.next() { usedEnd = max(usedEnd, element.range.upperBound) }
        guard elements.error == nil, packet[usedEnd..<block.upperBound].allSatisfy({ $0 == 0 }) else { return nil }
        let element: [UInt8]
        switch form {
        case .oneByte:
            guard id <= 14 else { return nil }
            element = [(id << 4) | 0x01, high, low]
        case .twoByte:
            element = [id, 0x02, high, low]
        }
        let needed = usedEnd &- block.lowerBound &+ element.count
        let words = (needed &+ 3) / 4
        guard words <= Int(UInt16.max) else { return nil }
        let grow = words &* 4 &- block.count
        var result: [UInt8] = []
        result.reserveCapacity(packet.count &+ max(grow, 0))
        result.append(contentsOf: packet[0..<usedEnd])
        result.append(contentsOf: element)
        let paddingInBlock = words &* 4 &- needed
        result.append(contentsOf: repeatElement(0, count: paddingInBlock))
        result.append(contentsOf: packet[block.upperBound...])
        let lengthOffset = block.lowerBound &- 2
        result[lengthOffset] = UInt8(truncatingIfNeeded: words >> 8)
        result[lengthOffset &+ 1] = UInt8(truncatingIfNeeded: words)
        return result
    }
}
