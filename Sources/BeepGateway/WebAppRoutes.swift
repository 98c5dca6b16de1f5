import BeepPlatformCore
import Foundation
import Hummingbird

/// Serves the web client (`web/app`, `docs/web-client.md`): its routes (`/`, `/login`,
/// `/signup`, `/discover`, `/settings`, `/servers/...`, `/invite/CODE`, ...) all answer
/// `index.html` (`no-store`: it is small and names the modules); its files are under
/// `/app/PATH` with their content type, an `ETag` and `Cache-Control: no-cache`, so a warm
/// load revalidates each module with a `304` and never runs a stale one.
enum WebAppRoutes {
    /// The client-side routes, each also with any path below it.
    static let pages = ["login", "signup", "discover", "settings", "servers", "invite", "new-server"]

    static func add(to router: Router<APIRequestContext>, folder: URL) {
        router.get("/app/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            return try StaticFiles.response(path, in: folder, request: request, cacheControl: "no-cache")
        }
        let shell: @Sendable (Request, APIRequestContext) throws -> Response = { request, _ in
            try StaticFiles.response("index.html", in: folder, request: request, cacheControl: "no-store")
        }
        router.get("/", use: shell)
        for page in pages {
            router.get(RouterPath(page), use: shell)
            router.get(RouterPath("\(page)/**"), use: shell)
        }
    }
}
