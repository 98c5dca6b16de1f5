import Benchmark
import BeepSRTP
import BenchSupport
import CSRTPReference

/// SRTP cost per 1200-byte RTP packet on libsrtp2 for both DTLS-SRTP profiles (RFC 7714
/// AEAD-GCM, RFC 3711 AES-CM + HMAC-SHA1-80): protect then unprotect (what a forwarded packet
/// costs the SFU: one of each), and protect alone (what a sender pays).
///
/// Replay protection is on (RFC 3711 §3.3.2), so every operation writes the next sequence
/// number into the header first; both contexts are created fresh before each measured
/// iteration (1000 operations, sequence numbers 1...1000, no rollover). The reference runs
/// the same libsrtp calls from C on a raw buffer (`Sources/CSRTPReference`): the difference
/// is what BeepSRTP's checks and `[UInt8]` handling cost.
let benchmarks: @Sendable () -> Void = {
    BenchConfiguration.apply()

    for profile in [SRTPProfile.aeadAES128GCM, .aes128CMHMACSHA1_80] {
        Benchmark("SRTP protect+unprotect, \(profile.name), 1200 B") { benchmark in
            let (sender, receiver) = SRTPPair.make(profile)
            var packet = SRTPPair.plaintext(capacityFor: profile)
            var sequenceNumber: UInt16 = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                sequenceNumber &+= 1
                SRTPPair.write(sequenceNumber: sequenceNumber, into: &packet)
                do {
                    try sender.protectRTP(&packet)
                    try receiver.unprotectRTP(&packet)
                } catch {
                    fail("\(profile.name) protect+unprotect of packet \(sequenceNumber): \(error)")
                }
            }
            benchmark.stopMeasurement()
            guard packet.count == SRTPPair.packetLength else {
                fail("\(profile.name): unprotected packet is \(packet.count) bytes, expected \(SRTPPair.packetLength)")
            }
            blackHole(packet)
        }

        Benchmark("SRTP protect only, \(profile.name), 1200 B") { benchmark in
            let (sender, _) = SRTPPair.make(profile)
            var packet = SRTPPair.plaintext(capacityFor: profile)
            var sequenceNumber: UInt16 = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                sequenceNumber &+= 1
                // Drop the previous tag: the header is sent in the clear, the payload bytes
                // are whatever the last protect left, which costs the same to encrypt.
                packet.removeLast(packet.count &- SRTPPair.packetLength)
                SRTPPair.write(sequenceNumber: sequenceNumber, into: &packet)
                do {
                    try sender.protectRTP(&packet)
                } catch {
                    fail("\(profile.name) protect of packet \(sequenceNumber): \(error)")
                }
            }
            benchmark.stopMeasurement()
            guard packet.count == SRTPPair.packetLength &+ profile.rtpTagLength else {
                fail("\(profile.name): protected packet is \(packet.count) bytes")
            }
            blackHole(packet)
        }

        Benchmark("SRTP protect+unprotect, \(profile.name), 1200 B, reference: libsrtp from C") { benchmark in
            let pair = ReferenceSRTPPair(profile)
            var storage = SRTPPair.plaintext(capacityFor: profile)
            storage += [UInt8](repeating: 0, count: SRTPContext.maximumRTPTrailer)
            var sequenceNumber: UInt16 = 0
            storage.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { fail("empty reference buffer") }
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    sequenceNumber &+= 1
                    base[2] = UInt8(truncatingIfNeeded: sequenceNumber >> 8)
                    base[3] = UInt8(truncatingIfNeeded: sequenceNumber)
                    var length = Int32(SRTPPair.packetLength)
                    guard beep_srtp_reference_protect(pair.sender, base, &length) == 0,
                          beep_srtp_reference_unprotect(pair.receiver, base, &length) == 0,
                          length == SRTPPair.packetLength else {
                        fail("\(profile.name) reference protect+unprotect of packet \(sequenceNumber) failed")
                    }
                }
                benchmark.stopMeasurement()
            }
            blackHole(storage)
        }

        Benchmark("SRTP protect only, \(profile.name), 1200 B, reference: libsrtp from C") { benchmark in
            let pair = ReferenceSRTPPair(profile)
            var storage = SRTPPair.plaintext(capacityFor: profile)
            storage += [UInt8](repeating: 0, count: SRTPContext.maximumRTPTrailer)
            var sequenceNumber: UInt16 = 0
            storage.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { fail("empty reference buffer") }
                benchmark.startMeasurement()
                for _ in benchmark.scaledIterations {
                    sequenceNumber &+= 1
                    base[2] = UInt8(truncatingIfNeeded: sequenceNumber >> 8)
                    base[3] = UInt8(truncatingIfNeeded: sequenceNumber)
                    var length = Int32(SRTPPair.packetLength)
                    guard beep_srtp_reference_protect(pair.sender, base, &length) == 0 else {
                        fail("\(profile.name) reference protect of packet \(sequenceNumber) failed")
                    }
                }
                benchmark.stopMeasurement()
            }
            blackHole(storage)
        }
    }
}
