import BeepSRTP
import Testing

@Suite struct SRTPContextTests {
    /// Deterministic keys: the sender's local keys are the receiver's remote keys.
    static func keyPair(_ profile: SRTPProfile) -> (sender: SRTPKeys, receiver: SRTPKeys) {
        let keyA = (0..<profile.masterKeyLength).map { UInt8(truncatingIfNeeded: 0x10 &+ $0) }
        let saltA = (0..<profile.masterSaltLength).map { UInt8(truncatingIfNeeded: 0x40 &+ $0) }
        let keyB = (0..<profile.masterKeyLength).map { UInt8(truncatingIfNeeded: 0x80 &+ $0) }
        let saltB = (0..<profile.masterSaltLength).map { UInt8(truncatingIfNeeded: 0xC0 &+ $0) }
        return (SRTPKeys(profile: profile, localKey: keyA, localSalt: saltA, remoteKey: keyB, remoteSalt: saltB),
                SRTPKeys(profile: profile, localKey: keyB, localSalt: saltB, remoteKey: keyA, remoteSalt: saltA))
    }

    /// RFC 3550 §5.1 RTP packet: V=2, PT=96, sequence, timestamp, SSRC, payload.
    static func rtp(sequence: UInt16) -> [UInt8] {
        [0x80, 96, UInt8(sequence >> 8), UInt8(sequence & 0xFF), 0, 0, 0x10, 0, 0xDE, 0xAD, 0xBE, 0xEF]
            + (0..<1_188).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(sequence)) }
    }

    /// RFC 3550 §6.4.1 sender report without report blocks (length 6 = 28 bytes).
    static let senderReport: [UInt8] = [
        0x80, 200, 0x00, 0x06, 0xDE, 0xAD, 0xBE, 0xEF,
        0xE8, 0x3C, 0x1F, 0x00, 0x80, 0x00, 0x00, 0x00,
        0x00, 0x01, 0xE2, 0x40, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x03, 0x20,
    ]

    /// Sizes from RFC 5764 §4.1.2 (AES-CM: 16-byte key, 14-byte salt, 10-byte tag) and
    /// RFC 7714 §12/§14.2 (GCM: 16-byte key, 12-byte salt, 16-byte tag).
    @Test func profileSizesAndIdentifiers() {
        #expect(SRTPProfile.aes128CMHMACSHA1_80.rawValue == 0x0001)
        #expect(SRTPProfile.aeadAES128GCM.rawValue == 0x0007)
        #expect(SRTPProfile.aes128CMHMACSHA1_80.keyingMaterialLength == 60)
        #expect(SRTPProfile.aeadAES128GCM.keyingMaterialLength == 56)
        #expect(SRTPProfile.aes128CMHMACSHA1_80.rtpTagLength == 10)
        #expect(SRTPProfile.aeadAES128GCM.rtpTagLength == 16)
        #expect(SRTPProfile.defaultPreference.first == .aeadAES128GCM)
    }

    /// RFC 5764 §4.2: exporter output is client key | server key | client salt | server salt.
    @Test(arguments: SRTPProfile.allCases)
    func keyingMaterialSplitRFC5764Section4_2(profile: SRTPProfile) throws {
        let material = (0..<profile.keyingMaterialLength).map { UInt8($0) }
        let key = profile.masterKeyLength
        let salt = profile.masterSaltLength
        let client = try SRTPKeys(profile: profile, exportedKeyingMaterial: material, isClient: true)
        let server = try SRTPKeys(profile: profile, exportedKeyingMaterial: material, isClient: false)
        #expect(client.localKey == Array(material[0..<key]))
        #expect(client.remoteKey == Array(material[key..<2 * key]))
        #expect(client.localSalt == Array(material[2 * key..<2 * key + salt]))
        #expect(client.remoteSalt == Array(material[(2 * key + salt)...]))
        #expect(server.localKey == client.remoteKey && server.localSalt == client.remoteSalt)
        #expect(server.remoteKey == client.localKey && server.remoteSalt == client.localSalt)
        #expect { try SRTPKeys(profile: profile, exportedKeyingMaterial: Array(material.dropLast()), isClient: true) }
            throws: { ($0 as? SRTPError)?.code == .invalidKeys }
    }

    @Test(arguments: SRTPProfile.allCases)
    func rtpAndRTCPRoundTrip(profile: SRTPProfile) throws {
        let (senderKeys, receiverKeys) = Self.keyPair(profile)
        let sender = try SRTPContext(keys: senderKeys)
        let receiver = try SRTPContext(keys: receiverKeys)
        let original = Self.rtp(sequence: 65_535)
        var packet = original
        try sender.protectRTP(&packet)
        #expect(packet.count == original.count + profile.rtpTagLength)
        #expect(packet.prefix(12) == original.prefix(12), "RTP header stays in the clear (RFC 3711 §3.1)")
        try receiver.unprotectRTP(&packet)
        #expect(packet == original)

        // Sequence number wraps to 0: the rollover counter advances (RFC 3711 §3.3.1).
        var wrapped = Self.rtp(sequence: 0)
        try sender.protectRTP(&wrapped)
        try receiver.unprotectRTP(&wrapped)
        #expect(wrapped == Self.rtp(sequence: 0))

        var report = Self.senderReport
        try sender.protectRTCP(&report)
        #expect(report.count == Self.senderReport.count + 4 + profile.rtpTagLength)
        // The E flag + SRTCP index word follows the encrypted part (RFC 3711 §3.4) for
        // AES-CM, but follows the tag for AEAD (RFC 7714 §9.1).
        let indexWordOffset = profile == .aeadAES128GCM ? report.count - 4 : Self.senderReport.count
        #expect(report[indexWordOffset] & 0x80 == 0x80, "E flag: the report is encrypted")
        // libsrtp increments the 31-bit SRTCP index before use: the first report carries 1.
        #expect(Array(report[(indexWordOffset + 1)...].prefix(3)) == [0, 0, 1], "first SRTCP index")
        try receiver.unprotectRTCP(&report)
        #expect(report == Self.senderReport)
    }

    @Test(arguments: SRTPProfile.allCases)
    func replayIsDroppedAndCountedThenTheNextPacketDecrypts(profile: SRTPProfile) throws {
        let (senderKeys, receiverKeys) = Self.keyPair(profile)
        let sender = try SRTPContext(keys: senderKeys)
        let receiver = try SRTPContext(keys: receiverKeys)
        var first = Self.rtp(sequence: 10)
        try sender.protectRTP(&first)
        var copy = first
        try receiver.unprotectRTP(&copy)
        #expect { try receiver.unprotectRTP(&first) } throws: { ($0 as? SRTPError)?.code == .replayed }
        #expect(receiver.replaysDropped == 1)
        #expect(receiver.authenticationFailures == 0)
        var next = Self.rtp(sequence: 11)
        try sender.protectRTP(&next)
        try receiver.unprotectRTP(&next)
        #expect(next == Self.rtp(sequence: 11))

        // SRTCP has its own replay window (RFC 3711 §3.4, SRTCP index).
        var report = Self.senderReport
        try sender.protectRTCP(&report)
        var reportCopy = report
        try receiver.unprotectRTCP(&reportCopy)
        #expect { try receiver.unprotectRTCP(&report) } throws: { ($0 as? SRTPError)?.code == .replayed }
        #expect(receiver.replaysDropped == 2)
    }

    @Test(arguments: SRTPProfile.allCases)
    func tamperedPacketsFailAuthenticationAndAreCounted(profile: SRTPProfile) throws {
        let (senderKeys, receiverKeys) = Self.keyPair(profile)
        let sender = try SRTPContext(keys: senderKeys)
        let receiver = try SRTPContext(keys: receiverKeys)
        var packet = Self.rtp(sequence: 20)
        try sender.protectRTP(&packet)
        var headerTampered = packet
        headerTampered[1] ^= 0x01 // payload type: authenticated, not encrypted
        #expect { try receiver.unprotectRTP(&headerTampered) } throws: { ($0 as? SRTPError)?.code == .authenticationFailed }
        var payloadTampered = packet
        payloadTampered[100] ^= 0x80
        #expect { try receiver.unprotectRTP(&payloadTampered) } throws: { ($0 as? SRTPError)?.code == .authenticationFailed }
        var report = Self.senderReport
        try sender.protectRTCP(&report)
        report[10] ^= 0x40
        #expect { try receiver.unprotectRTCP(&report) } throws: { ($0 as? SRTPError)?.code == .authenticationFailed }
        #expect(receiver.authenticationFailures == 3)
        #expect(receiver.replaysDropped == 0)
        try receiver.unprotectRTP(&packet)
        #expect(packet == Self.rtp(sequence: 20), "the genuine packet still decrypts")
    }

    /// A NACK-triggered resend of the same packet may be protected again
    /// (`allowRepeatTransmission`, the default), and is then a replay for the receiver.
    @Test func repeatTransmissionOfTheSamePacket() throws {
        let (senderKeys, receiverKeys) = Self.keyPair(.aeadAES128GCM)
        let sender = try SRTPContext(keys: senderKeys)
        let strict = try SRTPContext(keys: senderKeys, allowRepeatTransmission: false)
        let receiver = try SRTPContext(keys: receiverKeys)
        var once = Self.rtp(sequence: 5)
        var twice = Self.rtp(sequence: 5)
        try sender.protectRTP(&once)
        try sender.protectRTP(&twice)
        #expect(once == twice, "same packet, same key stream")
        var strictOnce = Self.rtp(sequence: 5)
        try strict.protectRTP(&strictOnce)
        var strictTwice = Self.rtp(sequence: 5)
        #expect(throws: SRTPError.self) { try strict.protectRTP(&strictTwice) }
        try receiver.unprotectRTP(&once)
        #expect { try receiver.unprotectRTP(&twice) } throws: { ($0 as? SRTPError)?.code == .replayed }
    }

    @Test(arguments: [[UInt8](), [0x80], [0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0], [0x40] + [UInt8](repeating: 0, count: 40),
                      [UInt8](repeating: 0xFF, count: 30)])
    func malformedPacketsAreBadInputNotCrashes(_ bytes: [UInt8]) throws {
        let (senderKeys, receiverKeys) = Self.keyPair(.aes128CMHMACSHA1_80)
        let sender = try SRTPContext(keys: senderKeys)
        let receiver = try SRTPContext(keys: receiverKeys)
        var packet = bytes
        #expect(throws: SRTPError.self) { try receiver.unprotectRTP(&packet) }
        packet = bytes
        #expect(throws: SRTPError.self) { try receiver.unprotectRTCP(&packet) }
        if bytes.count < 12 || bytes.first.map({ $0 >> 6 != 2 }) ?? true {
            packet = bytes
            #expect { try sender.protectRTP(&packet) } throws: { ($0 as? SRTPError)?.code == .badInput }
            #expect(packet == bytes, "unchanged on failure")
        }
    }

    @Test func wrongKeyLengthsAndWindowsAreRejected() {
        let (good, _) = Self.keyPair(.aeadAES128GCM)
        var shortKey = good
        shortKey.localKey.removeLast()
        #expect { try SRTPContext(keys: shortKey) } throws: { ($0 as? SRTPError)?.code == .invalidKeys }
        var longSalt = good
        longSalt.remoteSalt.append(0)
        #expect { try SRTPContext(keys: longSalt) } throws: { ($0 as? SRTPError)?.code == .invalidKeys }
        #expect { try SRTPContext(keys: good, replayWindowSize: 32) } throws: { ($0 as? SRTPError)?.code == .badInput }
    }
}
