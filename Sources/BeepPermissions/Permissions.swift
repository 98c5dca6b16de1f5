/// A set of permissions: what a member may do in a server or in one channel.
///
/// Bit values follow Discord's permission flags where Discord has the same permission
/// (Discord developer documentation, Topics › Permissions, "Bitwise Permission Flags"), so
/// anyone who knows Discord reads Beep's values without a table. `video` is Beep's own: Discord
/// folds the camera into STREAM, Beep lets a server allow the camera without screen sharing.
public struct Permissions: OptionSet, Sendable, Hashable, Codable {
    /// The bits of the set.
    public let rawValue: UInt64

    /// A set from its bits (unknown bits are kept: they round-trip but grant nothing).
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Create invite links to the server.
    public static let createInvite = Permissions(rawValue: 1 << 0)
    /// Remove a member with a lower highest role from the server.
    public static let kickMembers = Permissions(rawValue: 1 << 1)
    /// Remove a member with a lower highest role and forbid rejoining.
    public static let banMembers = Permissions(rawValue: 1 << 2)
    /// Every permission, everywhere in the server; channel overwrites do not apply.
    public static let administrator = Permissions(rawValue: 1 << 3)
    /// Create, rename, move and delete channels, and edit their overwrites.
    public static let manageChannels = Permissions(rawValue: 1 << 4)
    /// Edit the server's name, picture, banner, description and visibility.
    public static let manageServer = Permissions(rawValue: 1 << 5)
    /// Share the screen in a voice channel.
    public static let stream = Permissions(rawValue: 1 << 9)
    /// See a channel (and read its messages). Without it, nothing else applies in that channel.
    public static let viewChannel = Permissions(rawValue: 1 << 10)
    /// Send messages in a text channel.
    public static let sendMessages = Permissions(rawValue: 1 << 11)
    /// Delete and pin other members' messages.
    public static let manageMessages = Permissions(rawValue: 1 << 13)
    /// Links sent are shown with a preview.
    public static let embedLinks = Permissions(rawValue: 1 << 14)
    /// Upload files with messages.
    public static let attachFiles = Permissions(rawValue: 1 << 15)
    /// Mention @everyone.
    public static let mentionEveryone = Permissions(rawValue: 1 << 17)
    /// Join a voice channel.
    public static let connect = Permissions(rawValue: 1 << 20)
    /// Speak in a voice channel.
    public static let speak = Permissions(rawValue: 1 << 21)
    /// Mute other members in a voice channel.
    public static let muteMembers = Permissions(rawValue: 1 << 22)
    /// Move other members between voice channels.
    public static let moveMembers = Permissions(rawValue: 1 << 24)
    /// Create, edit, delete and assign roles below one's highest role.
    public static let manageRoles = Permissions(rawValue: 1 << 28)
    /// Create, edit and delete webhooks.
    public static let manageWebhooks = Permissions(rawValue: 1 << 29)
    /// Send the camera's video in a voice channel (Beep's own bit).
    public static let video = Permissions(rawValue: 1 << 48)

    /// Every permission Beep defines.
    public static let all: Permissions = [
        .createInvite, .kickMembers, .banMembers, .administrator, .manageChannels, .manageServer,
        .stream, .viewChannel, .sendMessages, .manageMessages, .embedLinks, .attachFiles,
        .mentionEveryone, .connect, .speak, .muteMembers, .moveMembers, .manageRoles,
        .manageWebhooks, .video,
    ]

    /// What a new server's @everyone role holds: see channels, chat, invite, and use voice.
    public static let everyoneDefault: Permissions = [
        .viewChannel, .sendMessages, .embedLinks, .attachFiles, .createInvite, .connect, .speak,
        .video, .stream,
    ]

    /// Permissions that only make sense once SEND_MESSAGES is held in a text channel
    /// (Discord, Topics › Permissions, "Implicit Permissions").
    public static let dependsOnSendMessages: Permissions = [.mentionEveryone, .attachFiles, .embedLinks]

    /// Permissions that only make sense once CONNECT is held in a voice channel.
    public static let dependsOnConnect: Permissions = [.speak, .video, .stream]

    /// This set restricted to the permissions Beep defines (drops unknown bits).
    public var known: Permissions { intersection(.all) }
}
