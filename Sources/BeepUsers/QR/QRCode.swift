/// A QR code symbol (ISO/IEC 18004:2015) for short text: byte mode, error correction level M,
/// versions 1 to 10 (up to 213 bytes), enough for an `otpauth://` URI. Pure Swift, no IO.
///
/// Construction: data codewords (§7.4), Reed-Solomon error correction over GF(2^8) with
/// polynomial 0x11D (§7.5), block interleaving (§7.6), function patterns (§6.3), codeword
/// placement (§7.7.3), the eight data masks with the penalty rules of §7.8.3, format
/// information (§7.9) and version information (§7.10).
public struct QRCode: Sendable, Equatable {
    /// Version 1...10.
    public let version: Int
    /// The data mask pattern used (0...7).
    public let mask: Int
    /// Modules per side (17 + 4 * version).
    public let size: Int
    /// Row-major modules, `true` = dark.
    public let modules: [Bool]

    /// Whether the module at column `x`, row `y` is dark (out of range: light).
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// Encodes `text` (UTF-8) in the smallest version that fits, with the best mask
    /// (or the given one); `nil` when it does not fit in version 10.
    public init?(text: String, mask forcedMask: Int? = nil, minimumVersion: Int = 1) {
        let bytes = Array(text.utf8)
        guard let version = QRTables.versions.first(where: {
            $0.number >= minimumVersion && bytes.count <= $0.byteCapacity
        }) else { return nil }
        if let forcedMask, !(0...7).contains(forcedMask) { return nil }
        let codewords = QREncoding.codewords(bytes, version: version)
        var best: (penalty: Int, mask: Int, grid: QRGrid)?
        for mask in forcedMask.map({ [$0] }) ?? Array(0...7) {
            var grid = QRGrid(version: version.number)
            grid.drawFunctionPatterns()
            grid.drawCodewords(codewords)
            grid.applyMask(mask)
            grid.drawFormatBits(mask: mask)
            let penalty = grid.penalty()
            if best == nil || penalty < (best?.penalty ?? Int.max) { best = (penalty, mask, grid) }
        }
        guard let best else { return nil }
        self.version = version.number
        self.mask = best.mask
        self.size = best.grid.size
        self.modules = best.grid.modules
    }

    /// The symbol as a standalone SVG (one path, 4-module quiet zone, `scale` px per module).
    public func svg(scale: Int = 4) -> String {
        let border = 4
        let scale = max(1, min(scale, 64))
        let extent = size + 2 * border
        var path = ""
        for y in 0..<size {
            for x in 0..<size where isDark(x: x, y: y) {
                path += "M\(x + border),\(y + border)h1v1h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(extent * scale)" height="\(extent * scale)" \
            viewBox="0 0 \(extent) \(extent)" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#ffffff"/>\
            <path d="\(path)" fill="#000000"/></svg>
            """
    }
}
