import BeepPlatformCore
import Foundation
import Hummingbird

/// Serves the call page (`web/call`): `GET /call/ROOM` is the page, `GET /call/assets/NAME`
/// its modules and stylesheet. Only plain file names from the folder are served.
enum CallPageRoutes {
    static let contentTypes = ["html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
                               "css": "text/css; charset=utf-8"]

    static func add(to router: Router<APIRequestContext>, folder: URL) {
        router.get("/call/assets/:name") { _, context in
            let name = try context.parameters.require("name")
            return try file(named: name, in: folder)
        }
        router.get("/call/:room") { _, _ in
            try file(named: "index.html", in: folder)
        }
    }

    static func file(named name: String, in folder: URL) throws -> Response {
        // A plain name with a known extension: no separators, no "..", nothing hidden.
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !name.hasPrefix("."), name.unicodeScalars.allSatisfy(allowed.contains),
              let type = contentTypes[(name as NSString).pathExtension],
              let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
            throw HTTPError(.notFound)
        }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
