import BeepCommunities
import BeepPlatformCore
import Foundation
import Hummingbird

extension CommunityRoutes {
    func addInviteRoutes<Router: RouterMethods>(to router: Router) where Router.Context == APIRequestContext {
        router.post("servers/:serverId/invites") { request, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let input = try await optionalBody(CreateInviteRequest.self, request) ?? CreateInviteRequest()
            let invite = try await call {
                try await service.createInvite(actor: user, server: id, maxAge: input.maxAge, maxUses: input.maxUses)
            }
            return EditedResponse(status: .created, response: InviteJSON(invite))
        }
        router.get("servers/:serverId/invites") { _, context in
            let user = try reader(context)
            let id = try Self.id("serverId", context, what: "Server")
            return ListJSON(items: try await call { try await service.invites(actor: user, server: id) }.map(InviteJSON.init))
        }
        router.get("invites/:code") { _, context in
            _ = try reader(context)
            let code = context.parameters.get("code") ?? ""
            let (invite, server) = try await call { try await service.invite(code: code) }
            return InvitePreviewJSON(invite: InviteJSON(invite), server: ServerJSON(server))
        }
        router.post("invites/:code/accept") { _, context in
            let user = try writer(context)
            let code = context.parameters.get("code") ?? ""
            return ServerJSON(try await call { try await service.acceptInvite(actor: user, code: code) })
        }
        router.delete("invites/:code") { _, context in
            let user = try writer(context)
            let code = context.parameters.get("code") ?? ""
            try await call { try await service.revokeInvite(actor: user, code: code) }
            return HTTPResponse.Status.noContent
        }
    }
}
