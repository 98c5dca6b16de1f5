import BeepCommunities
import BeepPlatformCore
import Foundation
import Hummingbird

extension CommunityRoutes {
    func addMemberRoutes<Router: RouterMethods>(to router: Router) where Router.Context == APIRequestContext {
        router.get("servers/:serverId/members") { request, context in
            let user = try reader(context)
            let id = try Self.id("serverId", context, what: "Server")
            let page = try PageRequest(query: request)
            let members = try await call {
                try await service.members(actor: user, server: id, after: try Self.after(page), limit: page.limit + 1)
            }
            return Page(fetched: await membersJSON(members), limit: page.limit, cursor: { $0.userId.description })
        }
        router.get("servers/:serverId/members/:userId") { _, context in
            let user = try reader(context)
            let id = try Self.id("serverId", context, what: "Server")
            let target = try Self.id("userId", context, what: "Member")
            let member = try await call { try await service.member(actor: user, server: id, user: target) }
            return await membersJSON([member]).first ?? MemberJSON(member)
        }
        router.delete("servers/:serverId/members/:userId") { _, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let target = try Self.id("userId", context, what: "Member")
            try await call { try await service.kick(actor: user, server: id, target: target) }
            return HTTPResponse.Status.noContent
        }
        router.put("servers/:serverId/members/:userId/roles/:roleId") { _, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let target = try Self.id("userId", context, what: "Member")
            let role = try Self.id("roleId", context, what: "Role")
            try await call { try await service.assignRole(actor: user, server: id, user: target, role: role) }
            return HTTPResponse.Status.noContent
        }
        router.delete("servers/:serverId/members/:userId/roles/:roleId") { _, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let target = try Self.id("userId", context, what: "Member")
            let role = try Self.id("roleId", context, what: "Role")
            try await call { try await service.unassignRole(actor: user, server: id, user: target, role: role) }
            return HTTPResponse.Status.noContent
        }
        router.get("servers/:serverId/bans") { _, context in
            let user = try reader(context)
            let id = try Self.id("serverId", context, what: "Server")
            return ListJSON(items: try await call { try await service.bans(actor: user, server: id) }.map(BanJSON.init))
        }
        router.put("servers/:serverId/bans/:userId") { request, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let target = try Self.id("userId", context, what: "User")
            let reason = try await optionalBody(BanRequest.self, request)?.reason
            let ban = try await call { try await service.ban(actor: user, server: id, target: target, reason: reason ?? "") }
            return EditedResponse(status: .created, response: BanJSON(ban))
        }
        router.delete("servers/:serverId/bans/:userId") { _, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let target = try Self.id("userId", context, what: "Ban")
            try await call { try await service.unban(actor: user, server: id, target: target) }
            return HTTPResponse.Status.noContent
        }
    }
}
