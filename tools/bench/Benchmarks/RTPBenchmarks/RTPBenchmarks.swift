import Benchmark
import BeepRTP
import BenchSupport

/// RTP hot-path benchmarks: the SFU's per-packet parse + header rewrite (target: zero heap
/// allocations), a raw-pointer reference for the same work, and the friendly `RTPPacket` path.
let benchmarks: @Sendable () -> Void = {
    BenchConfiguration.apply()
    let sample = RTPSamplePacket.bytes
    let map = RTPSamplePacket.map
    let newSSRC: UInt32 = 0xCAFE_F00D

    Benchmark("RTP header parse+rewrite, Beep, [UInt8]") { benchmark throws in
        var packet = sample
        packet[0] = packet[0] // make the copy unique before measuring
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let view = try RTPHeaderView(parsing: packet)
            try RTPHeaderRewrite(ssrc: newSSRC, sequenceNumber: view.sequenceNumber &+ 7,
                                 timestamp: view.timestamp &+ 3000).apply(to: &packet)
            blackHole(view)
        }
        benchmark.stopMeasurement()
        blackHole(packet)
    }

    Benchmark("RTP header parse+rewrite, Beep, raw buffer") { benchmark throws in
        var packet = sample
        try packet.withUnsafeMutableBytes { buffer in
            var buffer = buffer
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let view = try RTPHeaderView(parsing: buffer)
                try RTPHeaderRewrite(ssrc: newSSRC, sequenceNumber: view.sequenceNumber &+ 7,
                                     timestamp: view.timestamp &+ 3000).apply(to: &buffer)
                blackHole(view)
            }
            benchmark.stopMeasurement()
        }
        blackHole(packet)
    }

    Benchmark("RTP header read+rewrite, reference (raw loads, no checks)") { benchmark in
        var packet = sample
        packet.withUnsafeMutableBytes { buffer in
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let fields = ReferenceHeaderRewrite.apply(to: buffer, ssrc: newSSRC,
                                                          sequenceDelta: 7, timestampDelta: 3000)
                blackHole(fields)
            }
            benchmark.stopMeasurement()
        }
        blackHole(packet)
    }

    Benchmark("RTP header parse only, Beep, [UInt8]") { benchmark throws in
        for _ in benchmark.scaledIterations {
            blackHole(try RTPHeaderView(parsing: sample))
        }
    }

    Benchmark("RTP header parse + read twcc/abs-send-time/audio-level") { benchmark throws in
        for _ in benchmark.scaledIterations {
            let view = try RTPHeaderView(parsing: sample)
            blackHole(view.transportWideSequenceNumber(in: sample, map: map))
            blackHole(view.absSendTime(in: sample, map: map))
            blackHole(view.audioLevel(in: sample, map: map))
        }
    }

    Benchmark("RTPPacket(parsing:) + serialized(), friendly path") { benchmark throws in
        for _ in benchmark.scaledIterations {
            let packet = try RTPPacket(parsing: sample)
            blackHole(try packet.serialized())
        }
    }
}
