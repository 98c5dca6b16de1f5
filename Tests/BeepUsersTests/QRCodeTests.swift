import BeepUsers
import Foundation
import Testing

/// The Swift QR encoder against an independent encoder (segno): same version, level M and
/// mask must give exactly the same modules (tools/qr/reference-matrices.py).
@Suite struct QRCodeTests {
    @Test func matchesTheReferenceEncoderModuleForModule() throws {
        #expect(QRReferenceMatrices.cases.count >= 30)
        for reference in QRReferenceMatrices.cases {
            let code = try #require(QRCode(text: reference.text, mask: reference.mask, minimumVersion: reference.version))
            #expect(code.version == reference.version)
            #expect(code.size == reference.rows.count)
            let rows = (0..<code.size).map { y in
                (0..<code.size).map { x in code.isDark(x: x, y: y) ? "1" : "0" }.joined()
            }
            #expect(rows == reference.rows, "v\(reference.version) mask \(reference.mask) \(reference.text.prefix(20))")
        }
    }

    @Test func picksTheSmallestVersionAndRefusesTooMuchData() throws {
        #expect(QRCode(text: String(repeating: "a", count: 14))?.version == 1)
        #expect(QRCode(text: String(repeating: "a", count: 15))?.version == 2)
        #expect(QRCode(text: String(repeating: "a", count: 213))?.version == 10)
        #expect(QRCode(text: String(repeating: "a", count: 214)) == nil)
        #expect(QRCode(text: "a", mask: 8) == nil)
    }

    @Test func svgHasOneSquarePerDarkModule() throws {
        let code = try #require(QRCode(text: "otpauth://totp/Beep:x?secret=AAAA"))
        let svg = code.svg(scale: 2)
        let darkCount = code.modules.filter { $0 }.count
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "h1v1h-1z").count - 1 == darkCount)
        #expect(svg.contains("width=\"\((code.size + 8) * 2)\""))
    }
}
