import Benchmark
import BeepRTCP
import BenchSupport

/// RTCP benchmarks: parse and serialise of a sender's compound report, a 50-packet TWCC
/// feedback, and a real Chromium RR + NACK datagram.
let benchmarks: @Sendable () -> Void = {
    BenchConfiguration.apply()
    let compound = RTCPSamples.senderCompound
    let compoundBytes = RTCPSamples.senderCompoundBytes
    let feedback = RTCPSamples.transportWideFeedback
    let feedbackBytes = RTCPSamples.transportWideFeedbackBytes
    let chromium = ChromiumCapture.receiverReportWithNACK.bytes
    guard (try? RTCPCompound.parse(chromium)) != nil else {
        fail("Chromium RR+NACK (line \(ChromiumCapture.receiverReportWithNACK.line)) does not parse")
    }

    Benchmark("RTCP parse SR(2 blocks)+SDES+REMB, \(compoundBytes.count) B") { benchmark throws in
        for _ in benchmark.scaledIterations {
            blackHole(try RTCPCompound.parse(compoundBytes))
        }
    }

    Benchmark("RTCP serialize SR(2 blocks)+SDES+REMB") { benchmark throws in
        for _ in benchmark.scaledIterations {
            blackHole(try compound.serialize())
        }
    }

    Benchmark("RTCP parse TWCC 50 packets, \(feedbackBytes.count) B") { benchmark throws in
        for _ in benchmark.scaledIterations {
            blackHole(try RTCPCompound.parse(feedbackBytes))
        }
    }

    Benchmark("RTCP serialize TWCC 50 packets") { benchmark throws in
        for _ in benchmark.scaledIterations {
            blackHole(try feedback.serialize())
        }
    }

    Benchmark("RTCP parse Chromium RR+NACK, \(chromium.count) B") { benchmark throws in
        for _ in benchmark.scaledIterations {
            blackHole(try RTCPCompound.parse(chromium))
        }
    }
}
