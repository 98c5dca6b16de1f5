import Foundation
import BeepRTP
import BeepWire
import Testing

@Suite("Opus TOC and framing (RFC 6716 §3)")
struct OpusTests {
    /// RFC 6716 §3.1 Table 2, pasted verbatim.
    static let table2 = """
       +-----------------------+-----------+-----------+-------------------+
       | Configuration         | Mode      | Bandwidth | Frame Sizes       |
       | Number(s)             |           |           |                   |
       +-----------------------+-----------+-----------+-------------------+
       | 0...3                 | SILK-only | NB        | 10, 20, 40, 60 ms |
       |                       |           |           |                   |
       | 4...7                 | SILK-only | MB        | 10, 20, 40, 60 ms |
       |                       |           |           |                   |
       | 8...11                | SILK-only | WB        | 10, 20, 40, 60 ms |
       |                       |           |           |                   |
       | 12...13               | Hybrid    | SWB       | 10, 20 ms         |
       |                       |           |           |                   |
       | 14...15               | Hybrid    | FB        | 10, 20 ms         |
       |                       |           |           |                   |
       | 16...19               | CELT-only | NB        | 2.5, 5, 10, 20 ms |
       |                       |           |           |                   |
       | 20...23               | CELT-only | WB        | 2.5, 5, 10, 20 ms |
       |                       |           |           |                   |
       | 24...27               | CELT-only | SWB       | 2.5, 5, 10, 20 ms |
       |                       |           |           |                   |
       | 28...31               | CELT-only | FB        | 2.5, 5, 10, 20 ms |
       +-----------------------+-----------+-----------+-------------------+
    """

    /// One configuration's row of Table 2.
    struct Row {
        let configuration: Int
        let mode: String
        let bandwidth: String
        let milliseconds: Double
    }

    /// Expands Table 2 into one row per configuration number.
    static func rows() -> [Row] {
        var rows: [Row] = []
        for line in table2.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard cells.count == 4, cells[0].contains("...") else { continue }
            let bounds = cells[0].split(separator: ".", omittingEmptySubsequences: true).compactMap { Int($0) }
            let sizes = cells[3].replacingOccurrences(of: " ms", with: "").split(separator: ",")
                .compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 2 else { continue }
            for (index, configuration) in (bounds[0]...bounds[1]).enumerated() where index < sizes.count {
                rows.append(Row(configuration: configuration, mode: cells[1], bandwidth: cells[2], milliseconds: sizes[index]))
            }
        }
        return rows
    }

    @Test("RFC 6716 §3.1 Table 2: all 32 configurations")
    func table2Configurations() throws {
        let rows = Self.rows()
        #expect(rows.map(\.configuration) == Array(0...31))
        let modes: [String: OpusTOC.Mode] = ["SILK-only": .silk, "Hybrid": .hybrid, "CELT-only": .celt]
        let bandwidths: [String: OpusTOC.Bandwidth] = ["NB": .narrowband, "MB": .mediumband, "WB": .wideband,
                                                       "SWB": .superWideband, "FB": .fullband]
        for row in rows {
            for stereo in [false, true] {
                for code in OpusTOC.FrameCountCode.allCases {
                    let byte = UInt8(row.configuration) << 3 | (stereo ? 4 : 0) | code.rawValue
                    let toc = try OpusTOC.parse([byte])
                    #expect(Int(toc.configuration) == row.configuration)
                    #expect(toc.mode == modes[row.mode])
                    #expect(toc.bandwidth == bandwidths[row.bandwidth])
                    #expect(Double(toc.frameDurationSamples) == row.milliseconds * 48)
                    #expect(Double(toc.frameDurationMicroseconds) == row.milliseconds * 1000)
                    #expect(toc.isStereo == stereo)
                    #expect(toc.frameCountCode == code)
                    #expect(toc.byte == byte)
                    #expect(OpusTOC(configuration: toc.configuration, isStereo: stereo, frameCountCode: code) == toc)
                }
            }
        }
    }

    @Test("RFC 6716 §3.2.2: code 0 carries one frame; a TOC-only packet is DTX")
    func codeZero() throws {
        // TOC f8 = config 31 (CELT FB 20 ms), mono, c = 0.
        let packet = try OpusPacket(parsing: try hex("f8 ff fe"))
        #expect(packet.frames == [1..<3])
        #expect(packet.durationSamples == 960)
        #expect(!packet.isDTX)
        let dtx = try OpusPacket(parsing: [0xF8])
        #expect(dtx.isDTX)
        #expect(dtx.frames == [1..<1])
    }

    @Test("RFC 6716 §3.2.3: code 1 carries two equal frames; an odd remainder violates [R3]")
    func codeOne() throws {
        let packet = try OpusPacket(parsing: try hex("f9 01 02 03 04"))
        #expect(packet.frames == [1..<3, 3..<5])
        #expect(packet.durationSamples == 1920)
        #expect(!packet.isVBR)
        let error = #expect(throws: WireError.self) { try OpusPacket(parsing: try hex("f9 01 02 03")) }
        #expect(error?.code == .malformed)
    }

    @Test("RFC 6716 §3.2.4: code 2 carries a length-prefixed first frame ([R4])")
    func codeTwo() throws {
        let packet = try OpusPacket(parsing: try hex("fa 01 aa bb cc"))
        #expect(packet.frames == [2..<3, 3..<5])
        #expect(packet.isVBR)
        // Two-byte length: 252 + 4 * 1 = 256 bytes.
        let long = try OpusPacket(parsing: [0xFA, 0xFC, 0x01] + Array(repeating: 0, count: 256 + 3))
        #expect(long.frames == [3..<259, 259..<262])
        #expect(try OpusPacket(parsing: [0xFA, 0x00]).isDTX)
        #expect(throws: WireError.self) { try OpusPacket(parsing: [0xFA]) }
        #expect(throws: WireError.self) { try OpusPacket(parsing: [0xFA, 0xFC]) }
        #expect(throws: WireError.self) { try OpusPacket(parsing: try hex("fa 05 aa bb")) }
    }

    @Test("RFC 6716 §3.2.5: code 3 CBR with a frame count byte ([R5], [R6])")
    func codeThreeCBR() throws {
        let packet = try OpusPacket(parsing: try hex("fb 03 01 02 03 04 05 06"))
        #expect(packet.frames == [2..<4, 4..<6, 6..<8])
        #expect(packet.durationSamples == 2880)
        #expect(!packet.hasPadding && !packet.isVBR)
        let notMultiple = #expect(throws: WireError.self) { try OpusPacket(parsing: try hex("fb 02 01 02 03")) }
        #expect(notMultiple?.code == .malformed)
        let zeroFrames = #expect(throws: WireError.self) { try OpusPacket(parsing: try hex("fb 00")) }
        #expect(zeroFrames?.code == .malformed)
    }

    @Test("RFC 6716 §3.2.5: code 3 VBR with padding, including a 255 padding length byte ([R7])")
    func codeThreeVBRPadding() throws {
        // c2 = v, p, M = 2; padding length 2; first frame 1 byte; frames aa | bb cc; padding 00 00.
        let packet = try OpusPacket(parsing: try hex("fb c2 02 01 aa bb cc 00 00"))
        #expect(packet.frames == [4..<5, 5..<7])
        #expect(packet.paddingLength == 2)
        #expect(packet.hasPadding)
        #expect(packet.isVBR)
        // CBR, one frame, padding length bytes ff 00 = 254 bytes of padding.
        let padded = try OpusPacket(parsing: [0xFB, 0x41, 0xFF, 0x00, 0x11] + Array(repeating: 0, count: 254))
        #expect(padded.paddingLength == 254)
        #expect(padded.frames == [4..<5])
        #expect(throws: WireError.self) { try OpusPacket(parsing: try hex("fb c2 09 01 aa bb")) }
        #expect(throws: WireError.self) { try OpusPacket(parsing: try hex("fb 82 05 aa bb")) }
        #expect(throws: WireError.self) { try OpusPacket(parsing: try hex("fb 41 ff")) }
    }

    @Test("RFC 6716 §3.4 [R5]: at most 120 ms per packet", arguments: [(UInt8(16), 48, true), (16, 49, false), (3, 2, true), (3, 3, false)])
    func durationLimit(configuration: UInt8, frames: Int, valid: Bool) throws {
        let packet = [configuration << 3 | 3, UInt8(frames)]
        if valid {
            let parsed = try OpusPacket(parsing: packet)
            #expect(parsed.durationSamples <= OpusPacket.maximumDurationSamples)
            #expect(parsed.frameCount == frames)
        } else {
            #expect(throws: WireError.self) { try OpusPacket(parsing: packet) }
        }
    }

    @Test("RFC 6716 §3.4 [R1], [R2]: empty packet and frames over 1275 bytes")
    func sizeLimits() throws {
        #expect(throws: WireError.self) { try OpusTOC.parse([UInt8]()) }
        #expect(throws: WireError.self) { try OpusPacket(parsing: []) }
        #expect(try OpusPacket(parsing: [0xF8] + Array(repeating: 0, count: 1275)).frameCount == 1)
        #expect(throws: WireError.self) { try OpusPacket(parsing: [0xF8] + Array(repeating: 0, count: 1276)) }
        #expect(throws: WireError.self) { try OpusPacket(parsing: [0xF9] + Array(repeating: 0, count: 2552)) }
    }

    @Test("RFC 6716 §3.2: allocation-free validation agrees with parsing")
    func validateAgrees() throws {
        for packet in [try hex("fb c2 02 01 aa bb cc 00 00"), try hex("f9 01 02"), [0xF8]] {
            let validated = try OpusPacket.validate(packet)
            let parsed = try OpusPacket(parsing: packet)
            #expect(validated.frameCount == parsed.frameCount)
            #expect(validated.toc == parsed.toc)
        }
    }
}
