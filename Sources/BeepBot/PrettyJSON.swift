import Foundation

extension Encodable {
    /// Pretty JSON with sorted keys (stable for scripts and diffs); `{}` if encoding fails.
    func prettyJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
