import BeepCommunities
import BeepPlatformCore
import Foundation
import Hummingbird

extension CommunityRoutes {
    func addRoleRoutes<Router: RouterMethods>(to router: Router) where Router.Context == APIRequestContext {
        router.get("servers/:serverId/roles") { _, context in
            let user = try reader(context)
            let id = try Self.id("serverId", context, what: "Server")
            return ListJSON(items: try await call { try await service.roles(actor: user, server: id) }.map(RoleJSON.init))
        }
        router.post("servers/:serverId/roles") { request, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let input = try await body(CreateRoleRequest.self, request)
            let role = try await call {
                let granted = try permissions(named: input.permissions ?? [], field: "permissions")
                return try await service.createRole(actor: user, server: id, name: input.name, colour: input.colour ?? 0,
                                                    permissions: granted)
            }
            return EditedResponse(status: .created, response: RoleJSON(role))
        }
        router.patch("servers/:serverId/roles/:roleId") { request, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let roleID = try Self.id("roleId", context, what: "Role")
            let input = try await body(UpdateRoleRequest.self, request)
            return try await call {
                let granted = try input.permissions.map { try permissions(named: $0, field: "permissions") }
                var role: CommunityRole?
                if input.name != nil || input.colour != nil || granted != nil {
                    role = try await service.updateRole(actor: user, server: id, role: roleID,
                                                        changes: RoleChanges(name: input.name, colour: input.colour,
                                                                             permissions: granted))
                }
                if let position = input.position {
                    let roles = try await service.moveRole(actor: user, server: id, role: roleID, to: position)
                    role = roles.first { $0.id == roleID }
                }
                guard let role else { throw CommunityError(.invalid(field: "name"), "Nothing to change.") }
                return RoleJSON(role)
            }
        }
        router.delete("servers/:serverId/roles/:roleId") { _, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let roleID = try Self.id("roleId", context, what: "Role")
            try await call { try await service.deleteRole(actor: user, server: id, role: roleID) }
            return HTTPResponse.Status.noContent
        }
    }
}
