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
/// (message events are published into it), their migrations applied at start. On PostgreSQL,
/// events travel through the events outbox to every `beep` process on the database.
struct PlatformServices {
    let database: Database
    let users: UsersService
    let communities: CommunityService
    let messages: MessageService
    let events: EventsGateway

    /// Opens the database and the services (migrations run here). `nodeID` tells this process
    /// apart from others on the same database (message ids, its events stream).
    static func open(dataDirectory: String, nodeID: UInt16 = 0, logger: Logger) async throws -> PlatformServices {
        let location = try DatabaseLocation.fromEnvironment(ProcessInfo.processInfo.environment,
                                                            dataDirectory: dataDirectory)
        let database = try await Database.open(location, logger: Logger(label: "beep.storage"))
        do {
            let users = try await UsersModule.make(database: database, dataDirectory: dataDirectory,
                                                   logger: Logger(label: "beep.users"))
            let communities = try await CommunitiesModule.make(database: database)
            let verifier = users.verifier
            let outbox = database.dialect == .postgres ? try await EventOutbox.open(database) : nil
            var relay = OutboxRelayConfiguration()
            relay.originStream = "node:\(nodeID)"
            if let seconds = ProcessInfo.processInfo.environment["BEEP_EVENTS_OUTBOX_RETENTION_SECONDS"].flatMap(Int64.init),
               seconds > 0 {
                relay.retention = .seconds(seconds)
            }
            let events = EventsGateway(authenticate: { token in
                (try? verifier.verify(token, now: Date()))?.sub.value
            }, outbox: outbox, relayConfiguration: relay, logger: Logger(label: "beep.events"))
            let userStore = users.store
            let usernames = ClosureUsernameDirectory { keys in
                Dictionary(try await userStore.users(usernameKeys: keys).map { ($0.usernameKey, $0.id) },
                           uniquingKeysWith: { first, _ in first })
            }
            let messages = MessageService(
                store: try await SQLMessageStore.open(database, outbox: outbox),
                access: CommunityMessageAccess(communities: communities, usernames: usernames),
                ids: SnowflakeGenerator(node: nodeID),
                publish: { event in
                    guard let staged = try? event.staged() else { return }
                    events.publishCommitted(staged)
                })
            return PlatformServices(database: database, users: users, communities: communities, messages: messages,
                                    events: events)
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
        let presence = EventsPresence(events: events)
        let minter = VoiceTokenMinter(issuer: JoinTokenIssuer(privateKey: callTokenKey), displayName: { id in
            guard let user = try? await users.publicProfiles([id]).first else { return nil }
            return "\(user.firstName) \(user.lastName)"
        })
        return { router in
            UsersRoutes(service: users).register(on: router)
            let api = router.group("/api/v1").add(middleware: users.middleware())
            CommunityRoutes(service: communities, presence: presence, voiceTokens: minter).addRoutes(to: api)
            MessageRoutes(service: messages).addRoutes(to: api)
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

/// Closes the database at graceful shutdown.
struct DatabaseLifecycle: Service {
    let database: Database

    func run() async throws {
        try? await gracefulShutdown()
        try await database.shutdown()
    }
}
