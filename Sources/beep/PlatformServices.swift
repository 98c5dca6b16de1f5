import BeepCalls
import BeepCommunities
import BeepCommunitiesAPI
import BeepEventsServer
import BeepEvents
import BeepEventsOutbox
import BeepGateway
import BeepMessages
import BeepMessagesAPI
import BeepPlatformCore
import BeepStorage
import BeepUsers
import Crypto
import Foundation
import Hummingbird
import JWTKit
import Logging
import ServiceLifecycle

/// The platform services inside `beep`: one database (SQLite under `data/` by default,
/// PostgreSQL with `BEEP_DATABASE_URL`), users, communities, messages and the events stream
/// (message, community, presence, typing and voice-room events are published into it), their
/// migrations applied at start. On PostgreSQL, events travel through the events outbox to every
/// `beep` process on the database (docs/events.md, "Across processes").
struct PlatformServices {
    let database: Database
    let users: UsersService
    let communities: CommunityService
    let messages: MessageService
    let typing: TypingService
    let events: EventsGateway
    /// Presence and voice-room participants onto the events stream (run it as a service).
    let relay: PlatformEventRelay

    /// Opens the database and the services (migrations run here). `nodeID` tells this process
    /// apart from others on the same database (message ids, its events stream).
    static func open(dataDirectory: String, nodeID: UInt16 = 0, logger: Logger) async throws -> PlatformServices {
        let location = try DatabaseLocation.fromEnvironment(ProcessInfo.processInfo.environment,
                                                            dataDirectory: dataDirectory)
        let database = try await Database.open(location, logger: Logger(label: "beep.storage"))
        do {
            let users = try await UsersModule.make(database: database, dataDirectory: dataDirectory,
                                                   logger: Logger(label: "beep.users"))
            let verifier = users.verifier
            let outbox = database.dialect == .postgres ? try await EventOutbox.open(database) : nil
            var relayConfiguration = OutboxRelayConfiguration()
            relayConfiguration.originStream = "node:\(nodeID)"
            if let seconds = ProcessInfo.processInfo.environment["BEEP_EVENTS_OUTBOX_RETENTION_SECONDS"].flatMap(Int64.init),
               seconds > 0 {
                relayConfiguration.retention = .seconds(seconds)
            }
            let events = EventsGateway(authenticate: { token in
                (try? verifier.verify(token, now: Date()))?.sub.value
            }, outbox: outbox, relayConfiguration: relayConfiguration, logger: Logger(label: "beep.events"))
            let communities = try await CommunitiesModule.make(database: database, ids: SnowflakeGenerator(node: nodeID),
                                                               publish: { event in
                guard let staged = try? event.staged() else { return }
                // After commit, through the outbox on PostgreSQL (not in the change's transaction).
                events.publish(staged.event, audience: staged.audience, stream: staged.stream)
            })
            let userStore = users.store
            let usernames = ClosureUsernameDirectory { keys in
                Dictionary(try await userStore.users(usernameKeys: keys).map { ($0.usernameKey, $0.id) },
                           uniquingKeysWith: { first, _ in first })
            }
            let access = CommunityMessageAccess(communities: communities, usernames: usernames)
            let messages = MessageService(
                store: try await SQLMessageStore.open(database, outbox: outbox), access: access,
                ids: SnowflakeGenerator(node: nodeID),
                publish: { event in
                    guard let staged = try? event.staged() else { return }
                    events.publishCommitted(staged)
                })
            let typing = TypingService(access: access, publish: { event in
                guard let published = try? event.published() else { return }
                events.publish(published, to: event.audience)
            })
            let relay = PlatformEventRelay(communities: communities, events: events, logger: Logger(label: "beep.events"))
            return PlatformServices(database: database, users: users, communities: communities, messages: messages,
                                    typing: typing, events: events, relay: relay)
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    /// The `/api/v1` routes; voice channels mint call join tokens signed with `callTokenKey`.
    func routes(callTokenKey: Curve25519.Signing.PrivateKey) -> PlatformRoutes {
        let users = self.users
        let communities = self.communities
        let messages = self.messages
        let typing = self.typing
        let roster = relay.voiceRoster
        let presence = EventsPresence(events: events)
        let minter = VoiceTokenMinter(issuer: JoinTokenIssuer(privateKey: callTokenKey), displayName: { id in
            guard let user = try? await users.publicProfiles([id]).first else { return nil }
            return "\(user.firstName) \(user.lastName)"
        })
        return { router in
            UsersRoutes(service: users).register(on: router)
            let api = router.group("/api/v1").add(middleware: users.middleware())
            CommunityRoutes(service: communities, presence: presence, voiceTokens: minter, voiceRoster: roster)
                .addRoutes(to: api)
            MessageRoutes(service: messages, typing: typing).addRoutes(to: api)
        }
    }
}

/// Online presence for the members list: users with an open events connection.
struct EventsPresence: PresenceSource {
    let events: EventsGateway

    func onlineUsers(among users: [UserID]) async -> Set<UserID> {
        let online = events.onlineUsers(among: users.map(\.description))
        return Set(users.filter { online.contains($0.description) })
    }
}

extension EventsGateway {
    /// Publishes `event` to the users of `audience` (a set of user ids, as every event's audience
    /// is), in this process's own stream.
    func publish(_ event: PublishedEvent, to audience: Set<UserID>) {
        publish(event, audience: Set(audience.map(\.description)))
    }
}

/// Closes the database at graceful shutdown.
struct DatabaseLifecycle: Service {
    let database: Database

    func run() async throws {
        try? await gracefulShutdown()
        try await database.shutdown()
    }
}
