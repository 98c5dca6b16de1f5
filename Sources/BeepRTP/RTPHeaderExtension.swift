import BeepWire

/// One RFC 8285 header extension element: a local identifier and its data.
public struct RTPHeaderExtensionElement: Sendable, Hashable {
    /// The local identifier negotiated with `a=extmap` (RFC 8285 §5).
    public var id: UInt8
    /// The element's data.
    public var data: [UInt8]

    /// An element with the given id and data.
    public init(id: UInt8, data: [UInt8]) {
        self.id = id
        self.data = data
    }
}

/// An RTP header extension block (RFC 3550 §5.3.1) as carried on the wire: the 16-bit profile
/// value and the data words, kept verbatim so that a parsed packet serialises byte-exact.
/// For RFC 8285 profiles, ``elements()`` decodes it and ``init(elements:)`` builds it.
public struct RTPHeaderExtension: Sendable, Hashable {
    /// The "defined by profile" field (0xBEDE, 0x100x, or anything for other profiles).
    public var profile: UInt16
    /// The extension data; its length must be a multiple of 4 to serialise.
    public var data: [UInt8]

    /// A raw extension block.
    public init(profile: UInt16, data: [UInt8]) {
        self.profile = profile
        self.data = data
    }

    /// The RFC 8285 form of this block, or nil for another profile.
    public var form: RTPHeaderExtensionForm? { RTPHeaderExtensionForm(profile: profile) }

    /// The elements of an RFC 8285 block (RFC 8285 §4.2, §4.3): padding skipped, processing
    /// stopped at a one-byte ID 15. Throws ``WireError`` `.unsupported` for another profile and
    /// `.truncated` when an element runs past the block.
    public func elements() throws(WireError) -> [RTPHeaderExtensionElement] {
        try Self.parseElements(profile: profile, data: data)
    }

    /// Fuzz-friendly entry point: decodes the elements of `data` under `profile`.
    public static func parseElements(profile: UInt16, data: [UInt8]) throws(WireError) -> [RTPHeaderExtensionElement] {
        guard let form = RTPHeaderExtensionForm(profile: profile) else {
            throw WireError(.unsupported, "RTP header extension profile 0x\(String(profile, radix: 16)) is not RFC 8285")
        }
        var walker = RTPHeaderExtensionElements(data, range: 0..<data.count, form: form)
        var result: [RTPHeaderExtensionElement] = []
        while let element = try walker.nextElement() {
            result.append(RTPHeaderExtensionElement(id: element.id, data: Array(data[element.range])))
        }
        return result
    }

    /// Builds an RFC 8285 block from elements (RFC 8285 §4.1-§4.3), in the given order.
    ///
    /// The one-byte form is chosen when every id is 1-14 and every length 1-16, else the
    /// two-byte form (ids 1-255, lengths 0-255). The data is zero-padded to a multiple of 4.
    /// Throws ``WireError`` `.malformed` for id 0 (or 15 when `form` forces one-byte) or a length
    /// the chosen form cannot carry, `.tooLarge` beyond 65535 words.
    public init(elements: [RTPHeaderExtensionElement], form forced: RTPHeaderExtensionForm? = nil) throws(WireError) {
        let fitsOneByte = elements.allSatisfy { (1...14).contains($0.id) && (1...16).contains($0.data.count) }
        let form = forced ?? (fitsOneByte ? .oneByte : .twoByte)
        var bytes: [UInt8] = []
        for element in elements {
            switch form {
            case .oneByte:
                guard (1...14).contains(element.id) else {
                    throw WireError(.malformed, "RTP one-byte extension: id \(element.id) outside 1-14 (RFC 8285 §4.2)")
                }
                guard (1...16).contains(element.data.count) else {
                    throw WireError(.malformed, "RTP one-byte extension id \(element.id): length \(element.data.count) outside 1-16")
                }
                bytes.append(element.id << 4 | UInt8(truncatingIfNeeded: element.data.count &- 1))
            case .twoByte:
                guard element.id != 0 else {
                    throw WireError(.malformed, "RTP two-byte extension: id 0 is reserved for padding (RFC 8285 §4.3)")
                }
                guard element.data.count <= 255 else {
                    throw WireError(.malformed, "RTP two-byte extension id \(element.id): length \(element.data.count) over 255")
                }
                bytes.append(element.id)
                bytes.append(UInt8(truncatingIfNeeded: element.data.count))
            }
            bytes.append(contentsOf: element.data)
        }
        let rest = bytes.count % 4
        if rest != 0 { bytes.append(contentsOf: repeatElement(0, count: 4 - rest)) }
        guard bytes.count / 4 <= Int(UInt16.max) else {
            throw WireError(.tooLarge, "RTP header extension: \(bytes.count / 4) words over 65535")
        }
        self.init(profile: form == .oneByte ? RTPHeaderExtensionForm.oneByteProfile : RTPHeaderExtensionForm.twoByteProfile,
                  data: bytes)
    }

    /// The data of the first element with local identifier `id`, or nil if absent or the block
    /// is not RFC 8285 or is malformed before it.
    public func element(id: UInt8) -> ArraySlice<UInt8>? {
        guard let form else { return nil }
        var walker = RTPHeaderExtensionElements(data, range: 0..<data.count, form: form)
        while let element = walker.next() {
            if element.id == id { return data[element.range] }
        }
        return nil
    }
}
