import BeepRTCP
import Testing

/// REMB exponent/mantissa encoding (draft-alvestrand-rmcat-remb-03 §2.2).
@Suite struct REMBBitrateTests {
    @Test("Bitrate → smallest exponent whose mantissa fits 18 bits",
          arguments: [
              (UInt64(0), UInt8(0), UInt32(0)),
              (UInt64(1), UInt8(0), UInt32(1)),
              (UInt64(0x3_FFFF), UInt8(0), UInt32(0x3_FFFF)),
              (UInt64(0x4_0000), UInt8(1), UInt32(0x2_0000)),
              (UInt64(0x7_FFFF), UInt8(1), UInt32(0x3_FFFF)),
              (UInt64(8_927_168), UInt8(6), UInt32(139_487)),
              (UInt64.max, UInt8(46), UInt32(0x3_FFFF)),
          ])
    func encode(bitrate: UInt64, exponent: UInt8, mantissa: UInt32) {
        let remb = ReceiverEstimatedMaxBitrate(senderSSRC: 0, bitrate: bitrate, ssrcs: [])
        #expect(remb.exponent == exponent)
        #expect(remb.mantissa == mantissa)
        #expect(remb.bitrate <= bitrate)
        #expect(bitrate - remb.bitrate < (UInt64(1) << exponent), "only bits below the exponent are dropped")
    }

    @Test("Decoding saturates when mantissa × 2^exponent exceeds 64 bits",
          arguments: [
              (UInt8(63), UInt32(1), UInt64(1) << 63),
              (UInt8(63), UInt32(2), UInt64.max),
              (UInt8(63), UInt32(0x3_FFFF), UInt64.max),
              (UInt8(46), UInt32(0x3_FFFF), UInt64(0x3_FFFF) << 46),
              (UInt8(47), UInt32(0x3_FFFF), UInt64.max),
              (UInt8(63), UInt32(0), UInt64(0)),
          ])
    func decodeSaturates(exponent: UInt8, mantissa: UInt32, expected: UInt64) throws {
        let remb = ReceiverEstimatedMaxBitrate(senderSSRC: 0, exponent: exponent, mantissa: mantissa, ssrcs: [])
        #expect(remb.bitrate == expected)
        try expectRoundTrip([.receiverEstimatedMaxBitrate(remb)])
    }

    /// Chrome-sent REMB quoted in pion/rtcp `receiver_estimated_maximum_bitrate_test.go`
    /// (TestReceiverEstimatedMaximumBitrateUnmarshal: "Real data sent by Chrome while watching a
    /// 6Mb/s stream"), decimal bytes converted to hex.
    @Test("REMB captured from Chrome (draft-alvestrand-rmcat-remb-03 §2.2, via pion/rtcp test)")
    func chromeREMB() throws {
        let bytes = hex("8fce0005 00000001 00000000 52454d42 011a20df 4874ed16")
        let compound = try RTCPCompound.parse(bytes)
        let expected = ReceiverEstimatedMaxBitrate(senderSSRC: 1, mediaSSRC: 0, exponent: 6, mantissa: 139_487,
                                                   ssrcs: [1_215_622_422])
        #expect(compound.packets == [.receiverEstimatedMaxBitrate(expected)])
        #expect(expected.bitrate == 8_927_168)
        #expect(try compound.serialize() == bytes)
        #expect(try RTCPPacket.receiverEstimatedMaxBitrate(
            ReceiverEstimatedMaxBitrate(senderSSRC: 1, bitrate: 8_927_168, ssrcs: [1_215_622_422])).serialize() == bytes)
    }
}
