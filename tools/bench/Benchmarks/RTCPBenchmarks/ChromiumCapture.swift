import BeepRTCP
import BenchSupport
import Foundation

/// A real RTCP datagram sent by Chromium, read from the project's capture
/// `Fixtures/rtcp/chromium-session.hex` (one datagram per line, `#` comments): the first
/// line whose datagram is a receiver report followed by a generic NACK (RTPFB FMT 1).
enum ChromiumCapture {
    /// Path of the capture, found from this source file's location in the repository.
    static let path: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // RTCPBenchmarks
        .deletingLastPathComponent() // Benchmarks
        .deletingLastPathComponent() // bench
        .deletingLastPathComponent() // tools
        .deletingLastPathComponent() // repository root
        .appendingPathComponent("Fixtures/rtcp/chromium-session.hex").path

    /// The first RR + NACK datagram of the capture, with its 1-based line number.
    static let receiverReportWithNACK: (line: Int, bytes: [UInt8]) = {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            fail("cannot read \(path): \(error)")
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let datagram = bytes(hex: trimmed) else { continue }
            if isReceiverReportThenNACK(datagram) { return (index + 1, datagram) }
        }
        fail("\(path): no RR + NACK datagram found")
    }()

    /// True when `datagram` holds exactly an RR (PT 201) followed by an RTPFB (PT 205) with
    /// FMT 1, walking the common headers only (RFC 3550 §6.4.1, RFC 4585 §6.1).
    private static func isReceiverReportThenNACK(_ datagram: [UInt8]) -> Bool {
        var kinds: [(UInt8, UInt8)] = []
        var offset = 0
        while offset + 4 <= datagram.count {
            kinds.append((datagram[offset + 1], datagram[offset] & 0x1F))
            offset += (Int(datagram[offset + 2]) << 8 | Int(datagram[offset + 3]) + 1) * 4
        }
        guard offset == datagram.count, kinds.count == 2 else { return false }
        return kinds[0].0 == 201 && kinds[1].0 == 205 && kinds[1].1 == 1
    }
}
