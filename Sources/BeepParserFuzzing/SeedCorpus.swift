import BeepRTCP
import BeepRTP
import BeepSTUN
import BeepWire

/// Valid inputs for every parser, built with the libraries' own builders: the starting corpus
/// of the libFuzzer harness and the seeds the malformed-input tests mutate. Real captures from
/// `Fixtures/` are added on top of these by the tests and by `tools/fuzz/run.sh`.
public enum SeedCorpus {
    /// Valid inputs for `target`; each is accepted by ``ParserFuzzTarget/run(_:)``.
    public static func seeds(for target: ParserFuzzTarget) -> [[UInt8]] {
        switch target {
        case .stunMessage: stunMessages()
        case .channelData: channelData()
        case .rtpPacket, .rtpHeaderView: rtpPackets()
        case .rtpHeaderExtensions: [[0x00, 0x10, 0xAA, 0x21, 0x01, 0x02, 0x00], [0x01, 0x01, 0x02, 0xBB, 0xCC]]
        case .vp8Descriptor: vp8Descriptors()
        case .vp8PayloadHeader: [vp8KeyframeHeader]
        case .opusTOC, .opusPacket: [[0x78, 0x01, 0x02, 0x03], [0xFC], [0x7B, 0x03, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06]]
        case .rtcpCompound: rtcpDatagrams()
        case .sdp: [Array(minimalWebRTCOffer.utf8)]
        case .signallingFrame: signallingFrames.map { Array($0.utf8) }
        case .turnClientInput: ClientStreamFuzzing.turnClientSeeds()
        case .eventsFrame: [#"{"op":"identify","token":"t"}"#, #"{"op":"resume","token":"t","session":"s","seq":3}"#,
                            #"{"op":"heartbeat","seq":0}"#, #"{"op":"presence","status":"idle"}"#,
                            #"{"op":"watchMembers","serverId":"900"}"#, #"{"op":"watchMembers","serverId":null}"#]
            .map { Array($0.utf8) }
        }
    }

    static func stunMessages() -> [[UInt8]] {
        let transaction = STUNTransactionID(high: 0x0102_0304, low: 0x0506_0708_090A_0B0C)
        let check = STUNMessage(method: .binding, messageClass: .request, transactionID: transaction, attributes: [
            .username("remote:local"), .priority(0x6E7F_1EFF), .iceControlling(tieBreaker: 0x1234_5678_9ABC_DEF0),
            .useCandidate,
        ])
        let response = STUNMessage(method: .binding, messageClass: .successResponse, transactionID: transaction,
                                   attributes: [.xorMappedAddress(.ipv4(127, 0, 0, 1, port: 8801))])
        let allocate = STUNMessage(method: .allocate, messageClass: .request, transactionID: transaction, attributes: [
            .requestedTransport(protocolNumber: 17), .lifetime(seconds: 600), .username("1700000000:alice"),
            .realm("beep"), .nonce("abcdef0123456789"),
            .xorPeerAddress(.ipv6([0x2001, 0xDB8, 0, 0, 0, 0, 0, 1], port: 3478)),
        ])
        let key = STUNIntegrityKey.shortTerm(password: "pass-word-of-22-chars!")
        return [
            try? check.serialize(integrity: key, fingerprint: true),
            try? response.serialize(integrity: key, fingerprint: true),
            try? allocate.serialize(integrity: .longTerm(username: "1700000000:alice", realm: "beep", password: "secret"),
                                    integrityAlgorithms: [.hmacSHA1, .hmacSHA256], fingerprint: true),
        ].compactMap { $0 }
    }

    static func channelData() -> [[UInt8]] {
        [try? ChannelData(channelNumber: 0x4001, data: [1, 2, 3, 4, 5]).serialize(padded: true),
         try? ChannelData(channelNumber: 0x4FFF, data: []).serialize(padded: false)].compactMap { $0 }
    }

    static func rtpPackets() -> [[UInt8]] {
        let extensions = try? RTPHeaderExtension(elements: [
            RTPHeaderExtensionElement(id: 1, data: Array("0".utf8)),
            RTPHeaderExtensionElement(id: 2, data: [0x12, 0x34, 0x56]),
            RTPHeaderExtensionElement(id: 3, data: [0x00, 0x2A]),
        ])
        let audio = RTPPacket(marker: true, payloadType: 111, sequenceNumber: 65535, timestamp: 960, ssrc: 0xCAFE_BABE,
                              headerExtension: extensions, payload: [0x78] + Array(repeating: 0x55, count: 60))
        let video = RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 90_000, ssrc: 0x1234_5678,
                              csrcs: [1, 2], payload: [0x90, 0x80, 0x81, 0x23] + vp8KeyframeHeader, paddingLength: 4)
        return [audio, video].compactMap { try? $0.serialized() }
    }

    static func vp8Descriptors() -> [[UInt8]] {
        [VP8PayloadDescriptor(pictureID: .long(0x1234), tl0PicIdx: 7, temporalLayerIndex: 1, layerSync: true, keyIndex: 3).bytes,
         VP8PayloadDescriptor(startOfPartition: false, pictureID: .short(5)).bytes,
         VP8PayloadDescriptor().bytes]
    }

    /// A VP8 keyframe header as libvpx writes it (RFC 7741 §4.3, RFC 6386 §9.1): frame tag,
    /// start code 9d 01 2a, 320x240.
    static let vp8KeyframeHeader: [UInt8] = [0x50, 0x42, 0x00, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xF0, 0x00]

    static func rtcpDatagrams() -> [[UInt8]] {
        let block = ReportBlock(ssrc: 2, fractionLost: 12, cumulativeLost: -3, extendedHighestSequence: 70_000,
                                jitter: 45, lastSenderReport: 0xB705_2000, delaySinceLastSenderReport: 0x0005_4000)
        let report = RTCPCompound(packets: [
            .senderReport(SenderReport(ssrc: 1, ntpTimestamp: NTPTimestamp(unixSeconds: 1_700_000_000.25),
                                       rtpTimestamp: 90_000, packetCount: 10, octetCount: 12_000, reports: [block])),
            .sourceDescription(SourceDescription(chunks: [SDESChunk(ssrc: 1, items: [SDESItem(type: .cname, text: "beep")])])),
            .genericNACK(GenericNACK(senderSSRC: 1, mediaSSRC: 2, lost: [65534, 65535, 0, 3])),
        ])
        var results: [TransportWidePacketResult] = []
        for index in 0..<20 {
            let lost = index % 7 == 3
            let sequence = UInt16(truncatingIfNeeded: 65530 + index)
            results.append(TransportWidePacketResult(sequenceNumber: sequence, status: lost ? .notReceived : .smallDelta,
                                                     deltaMicroseconds: lost ? 0 : 1_000))
        }
        let feedback = try? TransportWideFeedback(senderSSRC: 1, mediaSSRC: 2, referenceTime: 100,
                                                  feedbackPacketCount: 1, packets: results)
        return [try? report.serialize(),
                feedback.flatMap { try? RTCPCompound(packets: [.transportWideFeedback($0)]).serialize() }]
            .compactMap { $0 }
    }

    /// Client frames of the signalling protocol (docs/signalling.md).
    static let signallingFrames = [
        #"{"v":1,"id":"1","type":"join","token":"eyJhbGciOiJFZERTQSJ9.e30.c2ln","room":"r1","media":true}"#,
        #"{"v":1,"id":"2","type":"publish","kind":"video","trackId":"t1","mid":"1"}"#,
        #"{"v":1,"id":"3","type":"mute","kind":"audio","muted":true}"#,
        #"{"v":1,"type":"candidate","candidate":"candidate:1 1 udp 2113937151 127.0.0.1 50000 typ host","sdpMid":"0"}"#,
        #"{"v":1,"id":"4","type":"leave"}"#,
    ]

    /// A small offer in the shape browsers send (RFC 8829 §5.2.1).
    static let minimalWebRTCOffer = """
        v=0\r
        o=- 4611731400430051336 2 IN IP4 127.0.0.1\r
        s=-\r
        t=0 0\r
        a=group:BUNDLE 0\r
        a=extmap-allow-mixed\r
        a=msid-semantic: WMS\r
        m=audio 9 UDP/TLS/RTP/SAVPF 111\r
        c=IN IP4 0.0.0.0\r
        a=rtcp:9 IN IP4 0.0.0.0\r
        a=candidate:1 1 udp 2113937151 127.0.0.1 50000 typ host generation 0\r
        a=ice-ufrag:abcd\r
        a=ice-pwd:0123456789abcdefghijklmn\r
        a=ice-options:trickle\r
        a=fingerprint:sha-256 01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF\r
        a=setup:actpass\r
        a=mid:0\r
        a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r
        a=sendrecv\r
        a=rtcp-mux\r
        a=rtpmap:111 opus/48000/2\r
        a=rtcp-fb:111 transport-cc\r
        a=fmtp:111 minptime=10;useinbandfec=1\r
        a=ssrc:1001 cname:beep\r

        """
}
