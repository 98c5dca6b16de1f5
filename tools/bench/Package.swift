// swift-tools-version: 6.1
// Beep's parse/serialize and SRTP benchmarks (ordo-one/benchmark) and the UDP driver echo
// comparison (udp-echo-bench), kept in their own package so that `make test` in the main
// package never builds them. Run them with `make bench` from the repository root
// (tools/bench/run.sh, which calls tools/bench/udp-echo.sh); see docs/performance.md.

import PackageDescription

/// Every benchmark suite links the Benchmark library and uses its boilerplate plugin.
func suite(_ name: String, _ products: [String], references: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["BenchSupport", .product(name: "Benchmark", package: "benchmark")]
            + products.map { .product(name: $0, package: "beep") } + references,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "beep-bench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "beep", path: "../.."),
        // Only the malloc interposer: on Linux with Swift 6.3 it counts allocations with
        // nothing to install (no jemalloc). The default "RuntimeInterposer" trait is left off.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        // The UDP echo benchmark's plain-NIO baseline and the MediaServer's logger (same
        // versions as the main package resolves).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
    ],
    targets: [
        /// Shared configuration (metrics, bounded duration) and hex decoding for the suites.
        .target(name: "BenchSupport", dependencies: [.product(name: "Benchmark", package: "benchmark")]),
        suite("RTPBenchmarks", ["BeepRTP", "BeepWire"]),
        suite("RTCPBenchmarks", ["BeepRTCP", "BeepWire"]),
        suite("STUNBenchmarks", ["BeepSTUN", "BeepWire"]),
        suite("SRTPBenchmarks", ["BeepSRTP"], references: ["CSRTPReference"]),
        /// libsrtp2 called straight from C: the reference the SRTP benchmarks compare BeepSRTP to.
        .target(name: "CSRTPReference", linkerSettings: [.linkedLibrary("srtp2")]),

        /// The batched (sendmmsg/recvmmsg) loopback load generator of the UDP echo benchmark.
        .target(name: "CUDPLoad"),
        /// Received-and-echoed datagrams/s: Beep's MediaServer against a plain NIO echo
        /// (tools/bench/udp-echo.sh; not an ordo-one benchmark, so `run.sh` calls it separately).
        .executableTarget(
            name: "udp-echo-bench",
            dependencies: [
                "CUDPLoad",
                .product(name: "BeepSFUServer", package: "beep"),
                .product(name: "BeepSTUN", package: "beep"),
                .product(name: "BeepWire", package: "beep"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
