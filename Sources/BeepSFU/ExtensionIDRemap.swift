import BeepRTP
import BeepWire

/// The position of one RFC 8285 element's id in a packet: the byte to rewrite.
struct ExtensionIDSlot: Sendable, Hashable {
    /// Offset of the byte holding the id (the element header).
    let offset: Int
    /// The id found there.
    let id: UInt8
    /// True for the one-byte form (id in the high nibble, RFC 8285 §4.2), false for the
    /// two-byte form (id is the whole byte, RFC 8285 §4.3).
    let oneByte: Bool

    /// The element headers of the extension block described by `view`, found once per
    /// received packet and shared by every consumer's rewrite. Stops at a malformed element
    /// (RFC 8285 §4.2: a receiver stops there too).
    static func slots(in packet: [UInt8], view: RTPHeaderView) -> [ExtensionIDSlot] {
        guard let form = view.extensionForm, view.extensionRange.upperBound <= packet.count else { return [] }
        var elements = RTPHeaderExtensionElements(packet, range: view.extensionRange, form: form)
        var slots: [ExtensionIDSlot] = []
        while let element = elements.next() {
            switch form {
            case .oneByte:
                slots.append(ExtensionIDSlot(offset: element.range.lowerBound &- 1, id: element.id, oneByte: true))
            case .twoByte:
                slots.append(ExtensionIDSlot(offset: element.range.lowerBound &- 2, id: element.id, oneByte: false))
            }
        }
        return slots
    }
}

/// Rewrites RFC 8285 header extension ids in place, from a producer's negotiated ids to a
/// consumer's. Built once per consumer; ``isIdentity`` lets the hot path skip it entirely when
/// nothing changes.
///
/// Elements of kinds the consumer did not negotiate get an id the consumer does not use, so
/// its receiver ignores them (RFC 8285 §5: unknown ids are skipped); lengths never change, so
/// the packet keeps its size. The SDES-valued kinds (`mid`, `rtp-stream-id`,
/// `repaired-rtp-stream-id`) name the publisher's m-section and stream, which mean nothing (or
/// something else) to the subscriber, so they are always moved to the unused id too.
struct ExtensionIDRemap: Sendable, Hashable {
    /// `table[producerID]` is the consumer id to write (or the same id when unchanged).
    private var table: [UInt8]
    /// An id in 1-14 the consumer did not negotiate.
    private let spare: UInt8
    /// True when no id changes.
    let isIdentity: Bool

    /// The remap from `producer`'s ids to `consumer`'s.
    init(from producer: RTPHeaderExtensionMap, to consumer: RTPHeaderExtensionMap) {
        var table = (0...255).map { UInt8(truncatingIfNeeded: $0) }
        var used = Set<UInt8>()
        for kind in RTPHeaderExtensionKind.allCases {
            if let id = consumer.id(for: kind) { used.insert(id) }
        }
        // One-byte form ids are 1-14 (RFC 8285 §4.2); pick an unused one for foreign elements.
        let spare = (1...14).first { !used.contains(UInt8($0)) }.map { UInt8($0) } ?? 14
        var identity = true
        for kind in RTPHeaderExtensionKind.allCases {
            guard let from = producer.id(for: kind) else { continue }
            let hidden = kind == .mid || kind == .rtpStreamID || kind == .repairedRTPStreamID
            let to = hidden ? spare : (consumer.id(for: kind) ?? spare)
            if to != from { identity = false }
            table[Int(from)] = to
        }
        self.table = table
        self.spare = spare
        self.isIdentity = identity
    }

    /// Rewrites the ids at `slots` (found once per packet by ``ExtensionIDSlot/slots(in:view:)``)
    /// in `packet`, in place. A one-byte-form element whose new id does not fit in 4 bits
    /// (RFC 8285 §4.2) gets the spare id instead.
    func apply(to packet: inout [UInt8], slots: [ExtensionIDSlot]) {
        guard !isIdentity else { return }
        for slot in slots where packet.indices.contains(slot.offset) && table.indices.contains(Int(slot.id)) {
            var to = table[Int(slot.id)]
            guard to != slot.id else { continue }
            if slot.oneByte {
                if to > 14 { to = spare }
                packet[slot.offset] = (to << 4) | (packet[slot.offset] & 0x0F)
            } else {
                packet[slot.offset] = to
            }
        }
    }
}
