import BeepCommunities
import BeepPlatformCore
import Foundation
import Hummingbird

extension CommunityRoutes {
    func addServerRoutes<Router: RouterMethods>(to router: Router) where Router.Context == APIRequestContext {
        router.post("servers") { request, context in
            let user = try writer(context)
            let input = try await body(CreateServerRequest.self, request)
            let server = try await call {
                try await service.createServer(actor: user, name: input.name, description: input.description ?? "",
                                               visibility: input.visibility, pictureID: input.pictureId,
                                               bannerID: input.bannerId)
            }
            return EditedResponse(status: .created, response: ServerJSON(server))
        }
        router.get("servers") { request, context in
            _ = try reader(context)
            let page = try PageRequest(query: request)
            let query = request.uri.queryParameters["q"].map(String.init) ?? ""
            let found = try await call {
                try await service.discover(query: query, after: try Self.after(page), limit: page.limit + 1)
            }
            return Page(fetched: found.map(ServerJSON.init), limit: page.limit, cursor: { $0.id.description })
        }
        router.get("me/servers") { _, context in
            let user = try reader(context)
            return ListJSON(items: try await call { try await service.servers(of: user) }.map(ServerJSON.init))
        }
        router.get("servers/:serverId") { _, context in
            let user = try reader(context)
            let id = try Self.id("serverId", context, what: "Server")
            return ServerJSON(try await call { try await service.server(actor: user, id: id) })
        }
        router.patch("servers/:serverId") { request, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let input = try await body(UpdateServerRequest.self, request)
            let changes = ServerChanges(name: input.name, description: input.description, pictureID: input.pictureId.change,
                                        bannerID: input.bannerId.change, visibility: input.visibility)
            return ServerJSON(try await call { try await service.updateServer(actor: user, id: id, changes: changes) })
        }
        router.delete("servers/:serverId") { _, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            try await call { try await service.deleteServer(actor: user, id: id) }
            return HTTPResponse.Status.noContent
        }
        router.post("servers/:serverId/join") { _, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            return MemberJSON(try await call { try await service.join(actor: user, server: id) })
        }
        router.post("servers/:serverId/leave") { _, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            try await call { try await service.leave(actor: user, server: id) }
            return HTTPResponse.Status.noContent
        }
        router.post("servers/:serverId/transfer") { request, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let input = try await body(TransferRequest.self, request)
            return ServerJSON(try await call { try await service.transferOwnership(actor: user, server: id, to: input.userId) })
        }
    }
}
