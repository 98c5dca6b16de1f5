import BeepPlatformCore
import Foundation
import Hummingbird

/// Serves the call page (`web/call`): `GET /call/ROOM` is the page, `GET /call/assets/NAME`
/// its modules and stylesheet. Only plain file names from the folder are served. The web
/// client (`web/app`) imports the same modules from `/call/assets/` for its voice channels.
enum CallPageRoutes {
    static func add(to router: Router<APIRequestContext>, folder: URL) {
        router.get("/call/assets/:name") { request, context in
            let name = try context.parameters.require("name")
            return try StaticFiles.response(name, in: folder, request: request, cacheControl: "no-cache")
        }
        router.get("/call/:room") { request, _ in
            try StaticFiles.response("index.html", in: folder, request: request, cacheControl: "no-store")
        }
    }
}
