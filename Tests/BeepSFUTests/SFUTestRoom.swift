import BeepRTP
import BeepSFU
import BeepWire

/// Three participants, each publishing Opus audio and VP8 video and consuming the other
/// two's tracks with its own SSRCs and payload types: the shape of a small Beep call.
struct SFUTestRoom {
    static let names = ["alice", "bob", "carol"].map(ParticipantID.init)
    /// Subscriber-side payload types, deliberately unlike the publisher's.
    static let consumerAudioPayloadType: UInt8 = 109
    static let consumerVideoPayloadType: UInt8 = 120

    var router = SFURouter(configuration: .init(feedbackSSRC: 0xFEED))
    /// The publisher SSRC of each participant's audio and video.
    var audioSSRC: [ParticipantID: UInt32] = [:]
    var videoSSRC: [ParticipantID: UInt32] = [:]
    var audioProducer: [ParticipantID: ProducerID] = [:]
    var videoProducer: [ParticipantID: ProducerID] = [:]
    /// The consumer (and its SSRC) of `publisher`'s track at `subscriber`.
    var consumer: [String: ConsumerID] = [:]
    var consumerSSRC: [String: UInt32] = [:]

    /// Builds the room; all consumers start unpaused at `now`.
    init(now: MonotonicTime = .zero) throws {
        for (index, name) in Self.names.enumerated() {
            try router.addParticipant(name)
            let base = UInt32(index + 1) * 1000
            audioSSRC[name] = base + 1
            videoSSRC[name] = base + 2
            audioProducer[name] = try router.publish(SFUTestMedia.audio(ssrc: base + 1), from: name)
            videoProducer[name] = try router.publish(SFUTestMedia.video(ssrc: base + 2), from: name)
        }
        var nextSSRC: UInt32 = 0x5000_0000
        for subscriber in Self.names {
            for publisher in Self.names where publisher != subscriber {
                for kind in [MediaKind.audio, .video] {
                    nextSSRC += 1
                    let producer = kind == .audio ? audioProducer[publisher] : videoProducer[publisher]
                    guard let producer else { continue }
                    var extensions = RTPHeaderExtensionMap()
                    try extensions.register(id: 1, for: .audioLevel)
                    try extensions.register(id: 2, for: .absSendTime)
                    try extensions.register(id: 4, for: .mid)
                    let parameters = ConsumerParameters(
                        ssrc: nextSSRC,
                        payloadType: kind == .audio ? Self.consumerAudioPayloadType : Self.consumerVideoPayloadType,
                        headerExtensions: extensions)
                    let key = Self.key(publisher, subscriber, kind)
                    consumer[key] = try router.consume(producer, by: subscriber, parameters: parameters, now: now)
                    consumerSSRC[key] = nextSSRC
                }
            }
        }
    }

    static func key(_ publisher: ParticipantID, _ subscriber: ParticipantID, _ kind: MediaKind) -> String {
        "\(publisher)->\(subscriber):\(kind.rawValue)"
    }

    /// The consumer SSRC `subscriber` sees for `publisher`'s track of `kind`.
    func ssrc(of publisher: ParticipantID, at subscriber: ParticipantID, _ kind: MediaKind) -> UInt32 {
        consumerSSRC[Self.key(publisher, subscriber, kind)] ?? 0
    }

    /// The consumer id of `publisher`'s track of `kind` at `subscriber`.
    func consumerID(of publisher: ParticipantID, at subscriber: ParticipantID, _ kind: MediaKind) -> ConsumerID {
        consumer[Self.key(publisher, subscriber, kind)] ?? ConsumerID(0)
    }

    /// Sends one Opus packet from `publisher`: 20 ms frames, sequence `index`, timestamp
    /// `index * 960` from a per-publisher base.
    mutating func sendAudio(from publisher: ParticipantID, index: Int, level: UInt8 = 127, now: MonotonicTime) {
        let ssrc = audioSSRC[publisher] ?? 0
        let packet = SFUTestMedia.opus(ssrc: ssrc, sequenceNumber: UInt16(truncatingIfNeeded: 100 + index),
                                       timestamp: UInt32(truncatingIfNeeded: 5000 + index * 960), level: level,
                                       voice: level < 127)
        router.handleRTP(from: publisher, packet: packet, now: now)
    }

    /// Sends one single-packet VP8 frame from `publisher` (a key frame when `keyFrame`),
    /// 30 fps: timestamp `index * 3000`.
    mutating func sendVideo(from publisher: ParticipantID, index: Int, keyFrame: Bool, now: MonotonicTime) {
        let ssrc = videoSSRC[publisher] ?? 0
        let packet = SFUTestMedia.vp8(ssrc: ssrc, sequenceNumber: UInt16(truncatingIfNeeded: 7000 + index),
                                      timestamp: UInt32(truncatingIfNeeded: 90_000 + index * 3000), keyFrame: keyFrame)
        router.handleRTP(from: publisher, packet: packet, now: now)
    }
}
