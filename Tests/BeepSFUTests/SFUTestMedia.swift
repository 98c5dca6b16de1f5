import BeepRTCP
import BeepRTP
import BeepSFU
import BeepWire

/// Builds the RTP and RTCP a publisher or subscriber would send, for router tests.
enum SFUTestMedia {
    /// Publisher-side extension ids (as Chrome offers them): audio level 1, abs-send-time 2, mid 4.
    static let publisherExtensions: RTPHeaderExtensionMap = {
        var map = RTPHeaderExtensionMap()
        try? map.register(id: 1, for: .audioLevel)
        try? map.register(id: 2, for: .absSendTime)
        try? map.register(id: 4, for: .mid)
        return map
    }()

    /// The Opus payload type Chrome offers (RFC 7587 dynamic).
    static let opusPayloadType: UInt8 = 111
    /// The VP8 payload type Chrome offers (RFC 7741 dynamic).
    static let vp8PayloadType: UInt8 = 96

    /// Audio track parameters for a publisher SSRC.
    static func audio(ssrc: UInt32) -> ProducerParameters {
        ProducerParameters(kind: .audio, codec: .opus, ssrc: ssrc, payloadType: opusPayloadType, clockRate: 48_000,
                           headerExtensions: publisherExtensions)
    }

    /// Video track parameters for a publisher SSRC.
    static func video(ssrc: UInt32) -> ProducerParameters {
        ProducerParameters(kind: .video, codec: .vp8, ssrc: ssrc, payloadType: vp8PayloadType, clockRate: 90_000,
                           headerExtensions: publisherExtensions)
    }

    /// An Opus packet (a 20 ms CELT FB mono frame TOC 0xFC, RFC 6716 §3.1) with an RFC 6464
    /// audio level element (id 1) and a mid element (id 4, "0").
    static func opus(ssrc: UInt32, sequenceNumber: UInt16, timestamp: UInt32, level: UInt8 = 127,
                     voice: Bool = false) -> [UInt8] {
        let elements = [
            RTPHeaderExtensionElement(id: 1, data: [AudioLevel(voiceActivity: voice, level: level).byte]),
            RTPHeaderExtensionElement(id: 4, data: Array("0".utf8)),
        ]
        let packet = RTPPacket(payloadType: opusPayloadType, sequenceNumber: sequenceNumber, timestamp: timestamp,
                               ssrc: ssrc, headerExtension: try? RTPHeaderExtension(elements: elements),
                               payload: [0xFC, 0x01, 0x02, 0x03])
        return (try? packet.serialized()) ?? []
    }

    /// A VP8 packet: descriptor with S = 1 and PID = 0 when `startOfFrame` (RFC 7741 §4.2),
    /// then a payload header with P = 0 for a key frame (RFC 7741 §4.3, RFC 6386 §9.1).
    static func vp8(ssrc: UInt32, sequenceNumber: UInt16, timestamp: UInt32, keyFrame: Bool,
                    startOfFrame: Bool = true, marker: Bool = true) -> [UInt8] {
        let descriptor = VP8PayloadDescriptor(startOfPartition: startOfFrame).bytes
        let header: [UInt8]
        if startOfFrame {
            header = VP8PayloadHeader(isKeyFrame: keyFrame, firstPartitionSize: 100,
                                      dimensions: keyFrame ? .init(width: 640, height: 480) : nil).bytes
        } else {
            header = [0xAA, 0xBB, 0xCC]
        }
        let packet = RTPPacket(marker: marker, payloadType: vp8PayloadType, sequenceNumber: sequenceNumber,
                               timestamp: timestamp, ssrc: ssrc, payload: descriptor + header + [0x11, 0x22])
        return (try? packet.serialized()) ?? []
    }

    /// One RTCP feedback packet serialised reduced-size (RFC 5506 §3).
    static func rtcp(_ packet: RTCPPacket) -> [UInt8] { (try? packet.serialize()) ?? [] }

    /// The RTCP packets of a datagram the router emitted.
    static func parseRTCP(_ bytes: [UInt8]) -> [RTCPPacket] { (try? RTCPCompound.parse(bytes).packets) ?? [] }

    /// The header of an RTP packet the router emitted.
    static func header(_ bytes: [UInt8]) -> RTPHeaderView? { try? RTPHeaderView(parsing: bytes) }

    /// A time `milliseconds` after the origin.
    static func at(_ milliseconds: Int) -> MonotonicTime { MonotonicTime(nanoseconds: Int64(milliseconds) * 1_000_000) }
}

/// Everything a router emitted, sorted by kind for assertions.
struct DrainedOutputs {
    var rtp: [(to: ParticipantID, packet: [UInt8])] = []
    var rtcp: [(to: ParticipantID, packet: [UInt8])] = []
    var events: [SFUEvent] = []

    /// Polls `router` until it has nothing left.
    init(_ router: inout SFURouter) {
        while let output = router.pollOutput() {
            switch output {
            case .rtp(let to, let packet): rtp.append((to, packet))
            case .rtcp(let to, let packet): rtcp.append((to, packet))
            case .event(let event): events.append(event)
            }
        }
    }

    /// RTP headers sent to `participant` with SSRC `ssrc`.
    func headers(to participant: ParticipantID, ssrc: UInt32) -> [RTPHeaderView] {
        rtp.filter { $0.to == participant }.compactMap { SFUTestMedia.header($0.packet) }.filter { $0.ssrc == ssrc }
    }

    /// PLIs sent to `participant` for media SSRC `ssrc`.
    func plis(to participant: ParticipantID, mediaSSRC ssrc: UInt32) -> Int {
        rtcp.filter { $0.to == participant }.flatMap { SFUTestMedia.parseRTCP($0.packet) }.filter {
            if case .pictureLossIndication(let pli) = $0 { return pli.mediaSSRC == ssrc }
            return false
        }.count
    }

    /// Sequence numbers NACKed toward `participant` for media SSRC `ssrc`.
    func nackedSequences(to participant: ParticipantID, mediaSSRC ssrc: UInt32) -> [UInt16] {
        rtcp.filter { $0.to == participant }.flatMap { SFUTestMedia.parseRTCP($0.packet) }.flatMap { packet -> [UInt16] in
            if case .genericNACK(let nack) = packet, nack.mediaSSRC == ssrc { return nack.lostSequenceNumbers }
            return []
        }
    }
}
