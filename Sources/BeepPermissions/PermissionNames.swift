/// The stable names of permissions in the API and in documents (`"view_channel"`, ...).
public enum PermissionNames {
    /// Each permission with its API name, in bit order.
    public static let table: [(name: String, permission: Permissions)] = [
        ("create_invite", .createInvite),
        ("kick_members", .kickMembers),
        ("ban_members", .banMembers),
        ("administrator", .administrator),
        ("manage_channels", .manageChannels),
        ("manage_server", .manageServer),
        ("stream", .stream),
        ("view_channel", .viewChannel),
        ("send_messages", .sendMessages),
        ("manage_messages", .manageMessages),
        ("embed_links", .embedLinks),
        ("attach_files", .attachFiles),
        ("mention_everyone", .mentionEveryone),
        ("connect", .connect),
        ("speak", .speak),
        ("mute_members", .muteMembers),
        ("move_members", .moveMembers),
        ("manage_roles", .manageRoles),
        ("manage_webhooks", .manageWebhooks),
        ("video", .video),
    ]

    /// The API names of the permissions in `set`, in bit order (unknown bits are left out).
    public static func names(of set: Permissions) -> [String] {
        table.filter { set.contains($0.permission) }.map(\.name)
    }

    /// The permission named `name`, or nil when Beep defines no such permission.
    public static func permission(named name: String) -> Permissions? {
        table.first { $0.name == name }?.permission
    }
}
