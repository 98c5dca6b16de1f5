import BeepRTCP
import BeepTestSupport
import BeepWire
import Foundation
import Testing

/// Real Chromium RTCP from `Fixtures/rtcp/*.hex` (one plaintext datagram per line as hex, `#`
/// comments; see the header of each file): every datagram must parse and serialise back
/// byte-equal. The test fails (never skips) when no fixture file exists.
@Suite struct ChromiumCaptureTests {
    /// Every non-comment line of every capture file, with its file name and line number.
    static func datagrams() throws -> [(origin: String, bytes: [UInt8])] {
        var result: [(String, [UInt8])] = []
        for url in try Fixtures.files(in: "rtcp", suffix: ".hex") {
            let text = try String(contentsOf: url, encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                let origin = "\(url.lastPathComponent):\(index + 1)"
                guard let bytes = Fixtures.bytes(hex: trimmed) else {
                    Issue.record("\(origin): not hex")
                    continue
                }
                result.append((origin, bytes))
            }
        }
        return result
    }

    @Test("Every captured Chromium datagram parses and re-serialises byte-equal (RFC 3550 §6, RFC 4585)")
    func roundTripEveryDatagram() throws {
        let files = try Fixtures.files(in: "rtcp", suffix: ".hex")
        try #require(!files.isEmpty, "no Fixtures/rtcp/*.hex capture files")
        let datagrams = try Self.datagrams()
        try #require(!datagrams.isEmpty, "capture files hold no datagrams")

        var sawSenderReport = false, sawReportBlock = false, sawSDES = false, sawFeedback = false
        for (origin, bytes) in datagrams {
            let compound: RTCPCompound
            do {
                compound = try RTCPCompound.parse(bytes)
            } catch {
                Issue.record("\(origin): \(error)")
                continue
            }
            #expect(try compound.serialize() == bytes, "\(origin)")
            for packet in compound.packets {
                switch packet {
                case .senderReport(let report):
                    sawSenderReport = true
                    sawReportBlock = sawReportBlock || !report.reports.isEmpty
                case .receiverReport(let report):
                    sawReportBlock = sawReportBlock || !report.reports.isEmpty
                case .sourceDescription(let description):
                    sawSDES = sawSDES || description.chunks.contains { $0.cname != nil }
                case .genericNACK, .transportWideFeedback, .pictureLossIndication, .fullIntraRequest,
                     .receiverEstimatedMaxBitrate, .feedback:
                    sawFeedback = true
                default:
                    break
                }
            }
        }
        #expect(sawSenderReport, "the capture contains an SR")
        #expect(sawReportBlock, "the capture contains report blocks")
        #expect(sawSDES, "the capture contains SDES with a CNAME")
        #expect(sawFeedback, "the capture contains RTCP feedback")
    }
}
