import Foundation

/// Access to the repository's `Fixtures/` folder from any test target.
public enum Fixtures {
    /// The `Fixtures/` directory at the repository root.
    public static var root: URL {
        // Tests/BeepTestSupport/Fixtures.swift -> repository root
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    /// The URL of a fixture, e.g. `Fixtures.url("sdp/chromium-offer-audio-video.sdp")`.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The text of a fixture file.
    public static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// All files in a fixture folder whose names end with `suffix`, sorted by name.
    public static func files(in folder: String, suffix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: url(folder), includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(suffix) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Decodes a hex string, ignoring whitespace; returns nil on an odd length or a non-hex digit.
    public static func bytes(hex: String) -> [UInt8]? {
        let digits = hex.filter { !$0.isWhitespace }
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }
}
