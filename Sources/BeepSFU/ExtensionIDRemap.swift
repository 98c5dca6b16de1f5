import BeepRTP
import BeepWire

/// Rewrites RFC 8285 header extension ids in place, from a producer's negotiated ids to a
/// consumer's. Built once per consumer; ``isIdentity`` lets the hot path skip it entirely when
/// both sides negotiated the same ids (the usual case, since the SFU answers with its own map).
///
/// Elements of kinds the consumer did not negotiate get an id the consumer does not use, so
/// its receiver ignores them (RFC 8285 §4.2 / §5: unknown ids are skipped); lengths never
/// change, so the packet keeps its size. The SDES-valued kinds (`mid`, `rtp-stream-id`,
/// `repaired-rtp-stream-id`) name the publisher's m-section and stream, which mean nothing (or
/// something else) to the subscriber, so they are always moved to the unused id too.
struct ExtensionIDRemap: Sendable, Hashable {
    /// `table[producerID]` is the consumer id to write (or the same id when unchanged).
    private var table: [UInt8]
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
        self.isIdentity = identity
    }

    /// Rewrites the ids of the extension block described by `view` in `packet`. Elements that
    /// do not parse are left alone (RFC 8285 §4.2: a receiver stops at a malformed element).
    func apply(to packet: inout [UInt8], view: RTPHeaderView) {
        guard !isIdentity, let form = view.extensionForm, view.extensionRange.upperBound <= packet.count else { return }
        var elements = RTPHeaderExtensionElements(packet, range: view.extensionRange, form: form)
        var rewrites: [(offset: Int, id: UInt8, oneByte: Bool)] = []
        while let element = elements.next() {
            guard table.indices.contains(Int(element.id)) else { continue }
            let to = table[Int(element.id)]
            guard to != element.id else { continue }
            switch form {
            case .oneByte: rewrites.append((element.range.lowerBound &- 1, to, true))
            case .twoByte: rewrites.append((element.range.lowerBound &- 2, to, false))
            }
        }
        for rewrite in rewrites where packet.indices.contains(rewrite.offset) {
            if rewrite.oneByte {
                packet[rewrite.offset] = (rewrite.id << 4) | (packet[rewrite.offset] & 0x0F)
            } else {
                packet[rewrite.offset] = rewrite.id
            }
        }
    }
}
