import BeepCommunities
import BeepPermissions
import BeepPlatformCore
import Foundation
import Hummingbird

extension CommunityRoutes {
    func addChannelRoutes<Router: RouterMethods>(to router: Router) where Router.Context == APIRequestContext {
        router.get("servers/:serverId/channels") { _, context in
            let user = try reader(context)
            let id = try Self.id("serverId", context, what: "Server")
            return ListJSON(items: try await call { try await service.channels(actor: user, server: id) }.map(ChannelJSON.init))
        }
        router.post("servers/:serverId/channels") { request, context in
            let user = try writer(context)
            let id = try Self.id("serverId", context, what: "Server")
            let input = try await body(CreateChannelRequest.self, request)
            let channel = try await call {
                try await service.createChannel(actor: user, server: id, kind: input.kind, name: input.name,
                                                topic: input.topic ?? "", parentID: input.parentId,
                                                isPrivate: input.private ?? false)
            }
            return EditedResponse(status: .created, response: ChannelJSON(channel))
        }
        router.get("channels/:channelId") { _, context in
            let user = try reader(context)
            let id = try Self.id("channelId", context, what: "Channel")
            return ChannelJSON(try await call { try await service.channel(actor: user, id: id) })
        }
        router.patch("channels/:channelId") { request, context in
            let user = try writer(context)
            let id = try Self.id("channelId", context, what: "Channel")
            let input = try await body(UpdateChannelRequest.self, request)
            return try await call {
                var channel = try await service.channel(actor: user, id: id)
                if input.name != nil || input.topic != nil {
                    channel = try await service.updateChannel(actor: user, id: id, name: input.name, topic: input.topic)
                }
                if input.position != nil || input.parentId.change != nil {
                    let parent = input.parentId.change ?? channel.parentID
                    let all = try await service.moveChannel(actor: user, id: id, parentID: parent,
                                                            position: input.position ?? 100_000)
                    channel = all.first { $0.id == id } ?? channel
                }
                return ChannelJSON(channel)
            }
        }
        router.delete("channels/:channelId") { _, context in
            let user = try writer(context)
            let id = try Self.id("channelId", context, what: "Channel")
            try await call { try await service.deleteChannel(actor: user, id: id) }
            return HTTPResponse.Status.noContent
        }
        router.put("channels/:channelId/overwrites/:type/:targetId") { request, context in
            let user = try writer(context)
            let id = try Self.id("channelId", context, what: "Channel")
            let target = try Self.overwriteTarget(context)
            let input = try await body(OverwriteRequest.self, request)
            return ChannelJSON(try await call {
                let overwrite = PermissionOverwrite(target: target,
                                                    allow: try permissions(named: input.allow ?? [], field: "allow"),
                                                    deny: try permissions(named: input.deny ?? [], field: "deny"))
                return try await service.setOverwrite(actor: user, channel: id, overwrite)
            })
        }
        router.delete("channels/:channelId/overwrites/:type/:targetId") { _, context in
            let user = try writer(context)
            let id = try Self.id("channelId", context, what: "Channel")
            let target = try Self.overwriteTarget(context)
            try await call { try await service.deleteOverwrite(actor: user, channel: id, target: target) }
            return HTTPResponse.Status.noContent
        }
        router.get("channels/:channelId/permissions") { _, context in
            let user = try reader(context)
            let id = try Self.id("channelId", context, what: "Channel")
            let held = try await call { try await service.permissions(actor: user, channel: id) }
            return PermissionsJSON(permissions: PermissionNames.names(of: held))
        }
        router.get("channels/:channelId/voice-access") { _, context in
            let user = try reader(context)
            let id = try Self.id("channelId", context, what: "Channel")
            let access = try await call { try await service.voiceAccess(actor: user, channel: id) }
            return VoiceAccessJSON(serverId: access.serverID, channelId: access.channelID, room: access.room,
                                   permissions: PermissionNames.names(of: access.permissions))
        }
        router.get("channels/:channelId/voice-participants") { _, context in
            let user = try reader(context)
            let id = try Self.id("channelId", context, what: "Channel")
            let channel = try await call { try await service.channel(actor: user, id: id) }
            guard channel.kind == .voice else { throw APIError.notFound("Voice channel") }
            return VoiceParticipantsJSON(channelId: id, serverId: channel.serverID,
                                         participants: await voiceRoster?.currentParticipants(channel: id) ?? [])
        }
        router.post("channels/:channelId/voice-token") { _, context in
            let user = try writer(context)
            let id = try Self.id("channelId", context, what: "Channel")
            guard let voiceTokens else { throw APIError.notFound("Voice tokens") }
            let access = try await call { try await service.voiceAccess(actor: user, channel: id) }
            return try await voiceTokens.mint(for: user, access: access, now: Date())
        }
    }

    /// `:type/:targetId` of an overwrite route: `role` or `member` and an id.
    static func overwriteTarget(_ context: APIRequestContext) throws -> PermissionOverwrite.Target {
        let target = try id("targetId", context, what: "Overwrite")
        switch context.parameters.get("type") {
        case "role": return .role(RoleID(target))
        case "member": return .member(MemberID(target))
        default: throw APIError.notFound("Overwrite")
        }
    }
}
