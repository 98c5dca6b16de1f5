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
        var result = packet
        return set(value, id: id, in: &result) ? result : nil
    }

    /// Sets transport-wide sequence number `value` under extension id `id` in `packet`, with the
    /// same rules as ``setting(_:id:in:)``, in place where it can: an existing element is
    /// overwritten and a packet without a header extension gets its block inserted in its
    /// spare capacity (a forwarder's copy has room reserved), so a uniquely referenced packet
    /// is neither copied nor reallocated. Returns false, leaving `packet` unchanged, where
    /// ``setting(_:id:in:)`` returns nil.
    public static func set(_ value: UInt16, id: UInt8, in packet: inout [UInt8]) -> Bool {
        guard id != 0, let view = try? RTPHeaderView(parsing: packet) else { return false }
        let high = UInt8(truncatingIfNeeded: value >> 8)
        let low = UInt8(truncatingIfNeeded: value)
        guard view.hasExtension else {
            guard id <= 14 else { return false }
            let insertAt = view.headerLength
            guard insertAt <= packet.count else { return false }
            // RFC 8285 §4.2: profile 0xBEDE, length one word, one element, one byte of padding.
            let block: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0xBE, 0xDE, 0x00, 0x01, (id << 4) | 0x01, high, low, 0x00)
            withUnsafeBytes(of: block) { packet.insert(contentsOf: $0, at: insertAt) }
            packet[0] |= 0x10  // X bit
            return true
        }
        guard view.extensionForm != nil else { return false }
        if let range = view.extensionElement(id: id, in: packet) {
            guard range.count == 2, range.upperBound <= packet.count else { return false }
            packet[range.lowerBound] = high
            packet[range.lowerBound &+ 1] = low
            return true
        }
        guard let grown = appending(high, low, id: id, to: packet, view: view) else { return false }
        packet = grown
        return true
    }

    /// `packet` with a new element appended to its existing RFC 8285 block (growing it when
    /// its padding has no room), or nil.
    private static func appending(_ high: UInt8, _ low: UInt8, id: UInt8, to packet: [UInt8],
                                  view: RTPHeaderView) -> [UInt8]? {
        guard let form = view.extensionForm else { return nil }
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
