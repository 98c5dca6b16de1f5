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
                                                   ids: SnowflakeGenerator(node: nodeID), logger: Logger(label: "beep.users"))
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
            // On PostgreSQL each community change writes its events to the outbox in its own
            // transaction; on SQLite they are delivered in process once it committed.
            let communities = try await CommunitiesModule.make(database: database, limits: communityLimits,
                                                               ids: SnowflakeGenerator(node: nodeID),
                                                               recorder: outbox.map(OutboxCommunityEventRecorder.init),
                                                               publish: { event in
                guard let staged = try? event.staged() else { return }
                events.publishCommitted(staged)
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
            let presence = outbox.map { outbox in
                SharedLiveState.presence(outbox: outbox, node: Int64(nodeID), lease: liveStateLease) { user, status in
                    try await communities.presenceEvent(user: user, status: status)
                }
            }
            let voice = outbox.map { outbox in
                SharedLiveState.voice(outbox: outbox, node: Int64(nodeID), lease: liveStateLease) { change in
                    try await communities.voiceParticipantsEvent(change)?.staged(stream: "voice:\(change.channelID)")
                }
            }
            events.authorizeMemberListWatches { user, server in
                guard let actor = UserID(user) else { return "Not a user." }
                return await communities.memberListRefusal(actor: actor, server: server)
            }
            let relay = PlatformEventRelay(communities: communities, events: events, sharedPresence: presence,
                                           sharedVoice: voice, logger: Logger(label: "beep.events"))
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
        let presence = EventsPresence(events: events, shared: relay.sharedPresence)
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

/// Online presence for the members list: users with an open events connection, on any process
/// with shared presence (PostgreSQL), else on this one.
struct EventsPresence: PresenceSource {
    let events: EventsGateway
    let shared: SharedLiveState?

    func onlineUsers(among users: [UserID]) async -> Set<UserID> {
        let ids = users.map(\.description)
        let online = if let shared, let present = try? await shared.held(among: ids) {
            present
        } else {
            events.onlineUsers(among: ids)
        }
        return Set(users.filter { online.contains($0.description) })
    }
}

/// The communities' limits: the defaults, with `BEEP_PRESENCE_FAN_OUT_MEMBERS` (1 or more) as
/// the member count past which a server's presence reaches only the sessions watching its
/// member list (docs/events.md, "Presence").
private var communityLimits: CommunityLimits {
    var limits = CommunityLimits()
    if let members = ProcessInfo.processInfo.environment["BEEP_PRESENCE_FAN_OUT_MEMBERS"].flatMap(Int.init), members >= 1 {
        limits.presenceFanOutMembers = members
    }
    return limits
}

/// How long a process's shared presence and call-roster rows count without renewal: 15 s, or
/// `BEEP_PRESENCE_LEASE_SECONDS` (the users of a killed process go offline within about 4/3 of it).
private var liveStateLease: Duration {
    guard let seconds = ProcessInfo.processInfo.environment["BEEP_PRESENCE_LEASE_SECONDS"].flatMap(Int64.init),
          (3...3600).contains(seconds) else { return .seconds(15) }
    return .seconds(seconds)
}

extension CommunityService {
    /// `presence.updated` for `user` (a decimal user id) as the events outbox takes it, in the
    /// user's presence stream (``SharedLiveState/presenceStream(user:)``).
    func presenceEvent(user: String, status: PresenceStatus) async throws -> StagedEvent {
        guard let id = UserID(user) else { throw CommunityError(.invalid(field: "userId"), "\(user) is not a user id.") }
        return try await presenceEvent(user: id, status: status).staged(stream: SharedLiveState.presenceStream(user: user))
    }
}

extension EventsGateway {
    /// Publishes `event` to the users of `audience` (a set of user ids, as every event's audience
    /// is) and to the sessions watching the member lists of `memberLists`, in this process's own stream.
    func publish(_ event: PublishedEvent, to audience: Set<UserID>, memberLists: [String: Set<String>] = [:]) {
        publish(event, audience: Set(audience.map(\.description)), memberLists: memberLists)
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
