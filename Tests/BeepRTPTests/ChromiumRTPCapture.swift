import BeepRTP
import BeepTestSupport
import Foundation
import Testing

/// One `Fixtures/rtp/*.hex` capture of decrypted RTP sent by Chromium: the facts its `#`
/// header states (from the session's SDP) and its packets in arrival order. Header lines read:
///
///     # pt opus=111 vp8=96 rtx=97
///     # ssrc opus=… vp8=… rtx=…
///     # extmap audio 1=urn:ietf:params:rtp-hdrext:ssrc-audio-level 4=urn:…:sdes:mid
///     # extmap video 2=http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time …
///     # mid audio=0 video=1
struct ChromiumRTPCapture {
    /// One packet line and where it came from (`file:line`).
    struct Packet {
        let origin: String
        let bytes: [UInt8]
    }

    /// The file name.
    let name: String
    /// Payload type per stream name (`opus`, `vp8`, `rtx`).
    let payloadTypes: [String: UInt8]
    /// SSRC per stream name (`opus`, `vp8`, `rtx`).
    let ssrcs: [String: UInt32]
    /// Negotiated extension id → URI per media kind (`audio`, `video`).
    let extmaps: [String: [UInt8: String]]
    /// MID per media kind (`audio`, `video`).
    let mids: [String: String]
    /// The packets, in arrival order.
    let packets: [Packet]

    /// Every capture in `Fixtures/rtp/`; fails (never skips) when there is none.
    static func all(sourceLocation: SourceLocation = #_sourceLocation) throws -> [ChromiumRTPCapture] {
        let files = try Fixtures.files(in: "rtp", suffix: ".hex")
        try #require(!files.isEmpty, "no Fixtures/rtp/*.hex capture", sourceLocation: sourceLocation)
        return try files.map { try ChromiumRTPCapture(url: $0) }
    }

    /// Reads one capture file.
    init(url: URL) throws {
        name = url.lastPathComponent
        var payloadTypes: [String: UInt8] = [:]
        var ssrcs: [String: UInt32] = [:]
        var extmaps: [String: [UInt8: String]] = [:]
        var mids: [String: String] = [:]
        var packets: [Packet] = []
        let text = try String(contentsOf: url, encoding: .utf8)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let origin = "\(url.lastPathComponent):\(index + 1)"
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("#") else {
                packets.append(Packet(origin: origin, bytes: try #require(Fixtures.bytes(hex: trimmed), "\(origin): not hex")))
                continue
            }
            let words = trimmed.split(separator: " ").map(String.init)
            guard words.count >= 2 else { continue }
            switch words[1] {
            case "pt":
                for (key, value) in try Self.pairs(words.dropFirst(2), origin) {
                    let payloadType: UInt8 = try #require(UInt8(value, radix: 10), "\(origin): payload type \(value)")
                    payloadTypes[key] = payloadType
                }
            case "ssrc":
                for (key, value) in try Self.pairs(words.dropFirst(2), origin) {
                    let ssrc: UInt32 = try #require(UInt32(value, radix: 10), "\(origin): SSRC \(value)")
                    ssrcs[key] = ssrc
                }
            case "extmap":
                try #require(words.count >= 3, "\(origin): extmap line without a media kind")
                var ids: [UInt8: String] = [:]
                for (key, value) in try Self.pairs(words.dropFirst(3), origin) {
                    let id: UInt8 = try #require(UInt8(key, radix: 10), "\(origin): extmap id \(key)")
                    ids[id] = value
                }
                extmaps[words[2]] = ids
            case "mid":
                for (key, value) in try Self.pairs(words.dropFirst(2), origin) { mids[key] = value }
            default:
                continue
            }
        }
        self.payloadTypes = payloadTypes
        self.ssrcs = ssrcs
        self.extmaps = extmaps
        self.mids = mids
        self.packets = packets
    }

    /// Splits `key=value` words at the first `=`.
    private static func pairs(_ words: ArraySlice<String>, _ origin: String) throws -> [(String, String)] {
        try words.map { (word: String) throws -> (String, String) in
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            try #require(parts.count == 2, "\(origin): '\(word)' is not key=value")
            return (parts[0], parts[1])
        }
    }

    /// The payload type of stream `name`, failing the test when the header lacks it.
    func payloadType(_ name: String) throws -> UInt8 {
        try #require(payloadTypes[name], "\(self.name): no `# pt` entry for \(name)")
    }

    /// The SSRC of stream `name`, failing the test when the header lacks it.
    func ssrc(_ name: String) throws -> UInt32 {
        try #require(ssrcs[name], "\(self.name): no `# ssrc` entry for \(name)")
    }

    /// The extension map negotiated for `media` (`audio` or `video`), built from the header's
    /// URIs (RFC 8285 §5); URIs BeepRTP does not decode are left out.
    func extensionMap(_ media: String) throws -> RTPHeaderExtensionMap {
        let ids = try #require(extmaps[media], "\(name): no `# extmap \(media)` line")
        var map = RTPHeaderExtensionMap()
        for (id, uri) in ids { try map.register(id: id, uri: uri) }
        return map
    }

    /// `audio` for the Opus payload type, `video` otherwise (VP8, RTX, padding).
    func media(of payloadType: UInt8) -> String {
        payloadTypes["opus"] == payloadType ? "audio" : "video"
    }

    /// The packets whose payload type is that of stream `name`, parsed.
    func packets(of name: String) throws -> [(origin: String, bytes: [UInt8], view: RTPHeaderView)] {
        let payloadType = try payloadType(name)
        return try packets.compactMap { packet in
            let view = try RTPHeaderView(parsing: packet.bytes)
            return view.payloadType == payloadType ? (packet.origin, packet.bytes, view) : nil
        }
    }
}
