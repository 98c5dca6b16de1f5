import Foundation
import Hummingbird

/// Files served from a folder of the web root (`web/app`, `web/call`): a relative path of
/// plain names (no `..`, nothing hidden, no backslashes), a known extension and its content
/// type, and a strong `ETag` (SHA-256 of the bytes) so that a browser revalidating with
/// `If-None-Match` gets `304 Not Modified` (RFC 9110 §13.1.2, RFC 9111 §5.2.2.4 `no-cache`).
enum StaticFiles {
    /// Content types by extension; anything else is not served.
    static let contentTypes = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json", "svg": "image/svg+xml",
        "png": "image/png", "ico": "image/x-icon", "webmanifest": "application/manifest+json",
    ]

    /// The file at `path` (segments separated by `/`) inside `folder`, or nil when the path is
    /// not a plain relative path with a known extension or the file does not exist.
    static func load(_ path: String, in folder: URL) -> (data: Data, type: String)? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !segments.isEmpty, segments.count <= 4,
              segments.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && String($0).unicodeScalars.allSatisfy(allowed.contains) }),
              let last = segments.last, let type = contentTypes[(String(last) as NSString).pathExtension] else {
            return nil
        }
        var url = folder
        for segment in segments { url.appendPathComponent(String(segment)) }
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return (data, type)
    }

    /// A strong entity tag for `data`: its length and 64-bit FNV-1a hash, in hex, quoted
    /// (files change rarely and by hand; a collision of both is not a practical concern).
    static func entityTag(_ data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return "\"\(String(data.count, radix: 16))-\(String(hash, radix: 16))\""
    }

    /// 200 with the file (or 304 when `If-None-Match` names its current tag), `cacheControl`
    /// as given; 404 when ``load(_:in:)`` finds nothing.
    static func response(_ path: String, in folder: URL, request: Request, cacheControl: String) throws -> Response {
        guard let (data, type) = load(path, in: folder) else { throw HTTPError(.notFound) }
        let tag = entityTag(data)
        var headers = HTTPFields()
        headers[.eTag] = tag
        headers[.cacheControl] = cacheControl
        let presented = request.headers[.ifNoneMatch]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        if presented.contains(tag) || presented.contains("*") {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
