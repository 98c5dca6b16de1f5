import BeepWire

/// Fuzz entry points for every parser in this module. Each accepts any bytes, never traps,
/// and checks the parser's invariants (re-serialising what parsed and parsing it again must
/// give the same value). Used by the malformed-input tests and the libFuzzer executables.
public enum RTPFuzzEntryPoints {
    /// What one fuzz input did.
    public enum Outcome: Sendable, Equatable {
        /// The parser threw ``WireError``.
        case rejected(WireError)
        /// The parser accepted the input and every invariant held.
        case accepted
        /// The parser accepted the input but an invariant failed: a bug.
        case invariantViolated(String)
    }

    /// Every entry point, for feeding one input to all parsers.
    public static let all: [@Sendable ([UInt8]) -> Outcome] = [
        rtpPacket, rtpHeaderView, headerExtensionElements, vp8PayloadDescriptor, vp8PayloadHeader,
        opusTOC, opusPacket,
    ]

    /// ``RTPPacket/init(parsing:)``: the packet re-serialises and re-parses equal, and agrees
    /// with ``RTPHeaderView``.
    @Sendable
    public static func rtpPacket(_ data: [UInt8]) -> Outcome {
        do {
            let packet = try RTPPacket(parsing: data)
            let view = try RTPHeaderView(parsing: data)
            guard packet.payload.count == view.payloadLength, packet.sequenceNumber == view.sequenceNumber else {
                return .invariantViolated("RTPPacket disagrees with RTPHeaderView")
            }
            let again = try RTPPacket(parsing: try packet.serialized())
            return again == packet ? .accepted : .invariantViolated("RTPPacket round trip differs")
        } catch {
            return .rejected(error)
        }
    }

    /// ``RTPHeaderView/init(parsing:)``: ranges lie inside the packet and in order; the
    /// extension lookup walks every id without trapping.
    @Sendable
    public static func rtpHeaderView(_ data: [UInt8]) -> Outcome {
        do {
            let view = try RTPHeaderView(parsing: data)
            guard view.extensionRange.upperBound <= view.payloadRange.lowerBound,
                  view.payloadRange.upperBound + view.paddingLength == data.count else {
                return .invariantViolated("RTPHeaderView ranges out of order")
            }
            for id in UInt8(1)...UInt8(255) {
                if let range = view.extensionElement(id: id, in: data),
                   range.lowerBound < view.extensionRange.lowerBound || range.upperBound > view.extensionRange.upperBound {
                    return .invariantViolated("extension element outside the block")
                }
            }
            return .accepted
        } catch {
            return .rejected(error)
        }
    }

    /// ``RTPHeaderExtension/parseElements(profile:data:)`` in both forms: the elements rebuild
    /// into a block that parses to the same elements. The first byte's low bit picks the form.
    @Sendable
    public static func headerExtensionElements(_ data: [UInt8]) -> Outcome {
        let oneByte = (data.first ?? 0) & 1 == 0
        let profile = oneByte ? RTPHeaderExtensionForm.oneByteProfile : RTPHeaderExtensionForm.twoByteProfile
        let body = Array(data.dropFirst())
        do {
            let elements = try RTPHeaderExtension.parseElements(profile: profile, data: body)
            let rebuilt = try RTPHeaderExtension(elements: elements)
            return try rebuilt.elements() == elements ? .accepted : .invariantViolated("extension round trip differs")
        } catch {
            return .rejected(error)
        }
    }

    /// ``VP8PayloadDescriptor/parse(_:)``: the descriptor rebuilds to bytes that parse equal.
    @Sendable
    public static func vp8PayloadDescriptor(_ data: [UInt8]) -> Outcome {
        do {
            let (descriptor, offset) = try VP8PayloadDescriptor.parse(data)
            guard offset <= data.count else { return .invariantViolated("VP8 payload offset past the end") }
            let again = try VP8PayloadDescriptor.parse(descriptor.bytes)
            return again.descriptor == descriptor ? .accepted : .invariantViolated("VP8 descriptor round trip differs")
        } catch {
            return .rejected(error)
        }
    }

    /// ``VP8PayloadHeader/init(parsing:)``: the header rebuilds to bytes that parse equal.
    @Sendable
    public static func vp8PayloadHeader(_ data: [UInt8]) -> Outcome {
        do {
            let header = try VP8PayloadHeader(parsing: data)
            return try VP8PayloadHeader(parsing: header.bytes) == header
                ? .accepted : .invariantViolated("VP8 payload header round trip differs")
        } catch {
            return .rejected(error)
        }
    }

    /// ``OpusTOC/parse(_:)``: the TOC byte round-trips.
    @Sendable
    public static func opusTOC(_ data: [UInt8]) -> Outcome {
        do {
            let toc = try OpusTOC.parse(data)
            return toc.byte == data.first ? .accepted : .invariantViolated("Opus TOC byte differs")
        } catch {
            return .rejected(error)
        }
    }

    /// ``OpusPacket/init(parsing:)``: frames lie inside the packet, in order, each at most
    /// 1275 bytes, and the allocation-free validator agrees.
    @Sendable
    public static func opusPacket(_ data: [UInt8]) -> Outcome {
        do {
            let packet = try OpusPacket(parsing: data)
            var previous = 0
            for frame in packet.frames {
                guard frame.lowerBound >= previous, frame.upperBound <= data.count,
                      frame.count <= OpusPacket.maximumFrameLength else {
                    return .invariantViolated("Opus frame range out of bounds")
                }
                previous = frame.upperBound
            }
            let validated = try OpusPacket.validate(data)
            return validated.frameCount == packet.frameCount
                ? .accepted : .invariantViolated("Opus validate disagrees with parse")
        } catch {
            return .rejected(error)
        }
    }
}
