import BeepSFUServer
import Foundation

// udp-echo-bench: received-and-echoed datagrams per second on loopback, Beep's UDP driver
// (`MediaServer` + an echo session) against a plain SwiftNIO echo with the same socket
// options, each server on one event loop thread, the same batched C load generator for both.
// Run by tools/bench/udp-echo.sh; see docs/performance.md.

let options: BenchOptions
switch BenchOptions.parse(Array(CommandLine.arguments.dropFirst())) {
case .success(let parsed): options = parsed
case .failure(let error):
    FileHandle.standardError.write(Data("udp-echo-bench: \(error.message)\n\(BenchOptions.usage)\n".utf8))
    exit(2)
}

let defaults = BeepEchoServer.defaults
print("== UDP echo on 127.0.0.1: \(options.datagramSize)-byte datagrams, window \(options.window), "
    + "\(options.seconds) s per server and round, \(options.rounds) rounds; "
    + "servers on 1 event loop thread, SO_RCVBUF \(defaults.receiveBufferBytes >> 20) MiB, "
    + "\(defaults.vectorReadCount) datagrams per vector read")

var measurements: [EchoMeasurement] = []
do {
    for round in 1...options.rounds {
        let beep = try await BeepEchoServer()
        let beepRun = try EchoMeasurement.run(against: beep, round: round, options: options)
        let driverEchoes = beep.counters.datagramsSent.value
        try await beep.stop()
        measurements.append(beepRun)
        print("   round \(round): Beep driver counters: \(driverEchoes) datagrams sent, "
            + "\(beep.counters.datagramsDroppedUnknownSource.value) dropped from unknown sources")

        let plain = try await PlainEchoServer(receiveBufferBytes: defaults.receiveBufferBytes,
                                              vectorReadCount: defaults.vectorReadCount,
                                              maximumDatagramSize: MediaServer.maximumDatagramSize)
        measurements.append(try EchoMeasurement.run(against: plain, round: round, options: options))
        try await plain.stop()
    }
} catch {
    FileHandle.standardError.write(Data("udp-echo-bench: \(error)\n".utf8))
    exit(1)
}

print(ResultsTable.render(measurements))
