import Benchmark
import BeepSTUN
import BeepWire
import BenchSupport

/// STUN benchmarks: what an ICE agent does per connectivity check — parse a browser's
/// signed Binding request and verify it, serialise such a request, and serialise the
/// XOR-MAPPED-ADDRESS success response.
let benchmarks: @Sendable () -> Void = {
    BenchConfiguration.apply()
    let key = ConnectivityCheck.key
    let request = ConnectivityCheck.request
    let requestBytes = ConnectivityCheck.requestBytes
    let response = ConnectivityCheck.response

    Benchmark("STUN parse+verify ICE Binding request (MI+FP), \(requestBytes.count) B") { benchmark throws in
        for _ in benchmark.scaledIterations {
            let message = try STUNMessage.parse(requestBytes)
            guard message.verifyIntegrity(key: key), message.hasValidFingerprint else {
                throw WireError(.malformed, "benchmark request failed verification")
            }
            blackHole(message)
        }
    }

    Benchmark("STUN serialize ICE Binding request with MI+FP") { benchmark throws in
        for _ in benchmark.scaledIterations {
            blackHole(try request.serialize(integrity: key, fingerprint: true))
        }
    }

    Benchmark("STUN serialize success response XOR-MAPPED-ADDRESS with MI+FP") { benchmark throws in
        for _ in benchmark.scaledIterations {
            blackHole(try response.serialize(integrity: key, fingerprint: true))
        }
    }

    // Attribution: the CRC-32 that FINGERPRINT runs over the 84 bytes of the request before
    // the attribute (RFC 8489 §14.7), through BeepWire's public generic entry point.
    let fingerprinted = Array(requestBytes.prefix(requestBytes.count - 8))
    Benchmark("BeepWire CRC32.checksum, \(fingerprinted.count) B [UInt8] (FINGERPRINT input)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(CRC32.checksum(fingerprinted))
        }
    }
}
