// swift-tools-version: 6.1
// libFuzzer harness for Beep's parsers. Built only by `make fuzz` (tools/fuzz/run.sh) with
// `-sanitize=fuzzer,address`; the main package's `make test` never builds it.

import PackageDescription

let package = Package(
    name: "beep-fuzz",
    dependencies: [.package(name: "beep", path: "../..")],
    targets: [
        .executableTarget(
            name: "beep-fuzz",
            dependencies: [.product(name: "BeepParserFuzzing", package: "beep")]
        ),
    ]
)
