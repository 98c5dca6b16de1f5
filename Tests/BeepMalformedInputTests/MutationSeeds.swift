import BeepParserFuzzing
import BeepTestSupport
import Foundation

/// The valid inputs the malformed-input tests start from: the built-in corpus plus the real
/// captures in `Fixtures/` (Chromium and aiortc SDP, Chromium RTCP and RTP).
enum MutationSeeds {
    static func seeds(for target: ParserFuzzTarget) throws -> [[UInt8]] {
        var seeds = SeedCorpus.seeds(for: target)
        switch target {
        case .sdp:
            // The largest real offers; every file is covered by BeepSDPTests already.
            for name in ["chromium-offer-simulcast.sdp", "aiortc-answer-audio-video.sdp"] {
                seeds.append(Array(try Fixtures.text("sdp/" + name).utf8))
            }
        case .rtcpCompound:
            seeds += try capturedDatagrams(folder: "rtcp", limit: 12)
        default:
            break
        }
        return seeds
    }

    /// The first distinct-shape datagrams of every capture in a fixture folder.
    static func capturedDatagrams(folder: String, limit: Int) throws -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        var shapes = Set<[UInt8]>()
        for file in try Fixtures.files(in: folder, suffix: ".hex") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                guard let bytes = Fixtures.bytes(hex: String(line)), bytes.count > 1 else { continue }
                // Shape: packet type and length of the first packet.
                let shape = Array(bytes.prefix(4))
                if shapes.insert([shape[1], UInt8(truncatingIfNeeded: bytes.count)]).inserted {
                    datagrams.append(bytes)
                }
                if datagrams.count >= limit { return datagrams }
            }
        }
        return datagrams
    }

    /// One random edit: overwrite, insert, delete or duplicate a run of bytes.
    static func randomEdit(of seed: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        let edits = 1 + Int(generator.next() % 4)
        for _ in 0..<edits {
            let position = bytes.isEmpty ? 0 : Int(generator.next() % UInt64(bytes.count))
            switch generator.next() % 4 {
            case 0 where !bytes.isEmpty:
                bytes[position] = UInt8(truncatingIfNeeded: generator.next())
            case 1:
                bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
            case 2 where !bytes.isEmpty:
                bytes.remove(at: position)
            default:
                let run = bytes[position...].prefix(Int(generator.next() % 16))
                bytes.insert(contentsOf: run, at: position)
            }
        }
        return bytes
    }
}

