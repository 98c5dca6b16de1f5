import BeepCommunities
import BeepCommunitiesAPI
import BeepEvents
import BeepEventsOutbox
import BeepMessages
import BeepPermissions
import BeepPlatformCore
import BeepStorage
import BeepStorageTestSupport
import Foundation
import Synchronization

/// Collects the events a service publishes.
final class EventLog: Sendable {
    private let events = Mutex<[MessageEvent]>([])

    func record(_ event: MessageEvent) { events.withLock { $0.append(event) } }
    var all: [MessageEvent] { events.withLock { $0 } }
}

/// A server with members, roles and channels on a real communities service, and a messages
/// service over it, on one database.
///
/// - `owner` owns the public server; `alice` and `bob` joined; `carol` did not.
/// - `bob` holds the `mod` role (MANAGE_MESSAGES, MENTION_EVERYONE).
/// - `general` (text), `voice` (voice), `secret` ("secret plans", private: owner only),
///   `announcements` (text, @everyone denied SEND_MESSAGES).
struct MessageTestWorld {
    let database: Database
    let communities: CommunityService
    let service: MessageService
    let events: EventLog
    /// On PostgreSQL, as in `beep`: every change writes its event here in its transaction.
    let outbox: EventOutbox?
    let owner = UserID(rawValue: 1001)
    let alice = UserID(rawValue: 1002)
    let bob = UserID(rawValue: 1003)
    let carol = UserID(rawValue: 1004)
    let server: Snowflake
    let general: Snowflake
    let voice: Snowflake
    let secret: Snowflake
    let announcements: Snowflake

    var members: Set<UserID> { [owner, alice, bob] }

    static let usernames: [String: UserID] = [
        "owner": UserID(rawValue: 1001), "alice": UserID(rawValue: 1002), "bob": UserID(rawValue: 1003),
        "carol": UserID(rawValue: 1004),
    ]

    /// Where a world's message and community events go, published, with their audiences.
    typealias Forward = @Sendable (PublishedEvent, Set<UserID>) -> Void

    /// Runs `body` with a fresh world on a fresh database of `dialect`; `forward`, when given,
    /// receives every message and community event (as `beep` hands them to the events gateway).
    static func with(_ dialect: DatabaseDialect, limits: MessageLimits = MessageLimits(), forward: Forward? = nil,
                     _ body: (MessageTestWorld) async throws -> Void) async throws {
        try await TestDatabases.with(dialect) { database in
            let world = try await make(database, limits: limits, forward: forward)
            try await body(world)
        }
    }

    static func make(_ database: Database, limits: MessageLimits, forward: Forward? = nil) async throws -> MessageTestWorld {
        var publishCommunityEvent: (@Sendable (CommunityEvent) async -> Void)?
        if let forward {
            publishCommunityEvent = { @Sendable event in
                if let published = try? event.published() { forward(published, event.audience) }
            }
        }
        let communities = CommunityService(store: try await SQLCommunityStore.open(database), publish: publishCommunityEvent)
        let directory = ClosureUsernameDirectory { names in
            var found: [String: UserID] = [:]
            for name in names { if let id = usernames[name] { found[name] = id } }
            return found
        }
        let access = CommunityMessageAccess(communities: communities, usernames: directory)
        let events = EventLog()
        let outbox = database.dialect == .postgres ? try await EventOutbox.open(database) : nil
        let service = MessageService(store: try await SQLMessageStore.open(database, outbox: outbox), access: access,
                                     limits: limits,
                                     publish: { event in
                                         events.record(event)
                                         if let forward, let published = try? event.published() {
                                             forward(published, event.audience.userIDs)
                                         }
                                     })
        let owner = UserID(rawValue: 1001)
        let server = try await communities.createServer(actor: owner, name: "Beepers", visibility: .public)
        for user in [UserID(rawValue: 1002), UserID(rawValue: 1003)] {
            _ = try await communities.join(actor: user, server: server.id)
        }
        let channels = try await communities.channels(actor: owner, server: server.id)
        guard let general = channels.first(where: { $0.kind == .text }), let voice = channels.first(where: { $0.kind == .voice })
        else { throw WorldError.missingDefaultChannels }
        let secret = try await communities.createChannel(actor: owner, server: server.id, kind: .text, name: "secret plans",
                                                         isPrivate: true)
        let announcements = try await communities.createChannel(actor: owner, server: server.id, kind: .text,
                                                                name: "announcements")
        _ = try await communities.setOverwrite(actor: owner, channel: announcements.id,
                                               PermissionOverwrite(target: .role(RoleID(server.id)), deny: .sendMessages))
        let mod = try await communities.createRole(actor: owner, server: server.id, name: "mod",
                                                   permissions: [.manageMessages, .mentionEveryone])
        try await communities.assignRole(actor: owner, server: server.id, user: UserID(rawValue: 1003), role: mod.id)
        return MessageTestWorld(database: database, communities: communities, service: service, events: events,
                                outbox: outbox,
                                server: server.id, general: general.id, voice: voice.id, secret: secret.id,
                                announcements: announcements.id)
    }

    /// Sends `content` as `actor` in `channel` and returns the stored message.
    @discardableResult
    func send(_ actor: UserID, _ channel: Snowflake, _ content: String, nonce: String? = nil,
              replyTo: Snowflake? = nil) async throws -> Message {
        try await service.send(actor: actor, channel: channel,
                               MessageDraft(content: content, replyToID: replyTo, nonce: nonce)).message
    }
}

enum WorldError: Error {
    case missingDefaultChannels
}

/// The error's code, or nil when it is not a ``MessageError``.
func messageErrorCode(_ body: () async throws -> Void) async -> MessageError.Code? {
    do {
        try await body()
        return nil
    } catch let error as MessageError {
        return error.code
    } catch {
        return nil
    }
}
