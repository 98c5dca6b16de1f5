import BeepCalls
import BeepCommunities
import BeepCommunitiesAPI
import BeepEvents
import BeepEventsOutbox
import BeepEventsServer
import BeepPlatformCore
import Logging
import ServiceLifecycle

/// Turns live-state changes into events on the stream, one at a time and in order: presence
/// changes from the events gateway and voice-call joins and leaves from the call hub (through
/// the ``VoiceRoster``). Their audiences need the database, so they are addressed here rather
/// than in the gateway's or the hub's task.
///
/// With shared live state (PostgreSQL: ``SharedLiveState``), this process's presence and call
/// rosters go into the shared tables instead, which publish each user's status and each voice
/// channel's participants over every process; the relay renews its leases and sweeps expired
/// ones (any process's) every ``leaseRenewal``.
final class PlatformEventRelay: Service, Sendable {
    private enum Input: Sendable {
        case presence(UserID, PresenceStatus)
        case voice(VoiceParticipantsChange)
        case leaseTick
    }

    /// Who is in each voice channel's call (merged with other processes' when shared).
    let voiceRoster: VoiceRoster
    /// Presence shared across processes (PostgreSQL), or nil: presence stays in process.
    let sharedPresence: SharedLiveState?
    /// How often the shared presence leases are renewed and expired ones swept (a third of the lease).
    let leaseRenewal: Duration
    private let inputs: AsyncStream<Input>
    private let continuation: AsyncStream<Input>.Continuation
    private let communities: CommunityService
    private let events: EventsGateway
    private let logger: Logger

    /// A relay publishing into `events`, addressing with `communities`; it observes the gateway's presence.
    /// `sharedPresence` and `sharedVoice` (both or neither) share presence and call rosters.
    init(communities: CommunityService, events: EventsGateway, sharedPresence: SharedLiveState?,
         sharedVoice: SharedLiveState?, logger: Logger) {
        (inputs, continuation) = AsyncStream.makeStream(of: Input.self)
        self.communities = communities
        self.events = events
        self.sharedPresence = sharedPresence
        self.voiceRoster = VoiceRoster(shared: sharedVoice)
        self.leaseRenewal = (sharedPresence?.lease ?? .seconds(15)) / 3
        self.logger = logger
        events.observePresence { [continuation] user, status in
            if let id = UserID(user) { continuation.yield(.presence(id, status)) }
        }
    }

    /// Sees every media command of the call hub (pass it on to the media side too).
    func observeCall(_ command: MediaCommand) {
        if let change = voiceRoster.apply(command) { continuation.yield(.voice(change)) }
    }

    /// Publishes until graceful shutdown; with shared live state, ends this process's leases
    /// at start (a previous run's) and at shutdown.
    func run() async throws {
        await releaseSharedLeases(when: "start")
        let ticker = sharedPresence.map { _ in
            Task { [continuation, leaseRenewal] in
                while !Task.isCancelled {
                    do { try await Task.sleep(for: leaseRenewal) } catch { return }
                    continuation.yield(.leaseTick)
                }
            }
        }
        defer { ticker?.cancel() }
        // This process's users and their status here (shared presence renews them).
        var local: [String: String] = [:]
        await withGracefulShutdownHandler {
            for await input in inputs {
                do {
                    switch input {
                    case .presence(let user, let status):
                        if let sharedPresence {
                            local[user.description] = status == .offline ? nil : status.rawValue
                            try await sharedPresence.setPresence(user.description, status)
                        } else {
                            publish(try await communities.presenceEvent(user: user, status: status))
                        }
                    case .voice(let change):
                        if voiceRoster.shared != nil {
                            try await voiceRoster.share(change)
                        } else {
                            publish(try await communities.voiceParticipantsEvent(change))
                        }
                    case .leaseTick:
                        try await sharedPresence?.renew(local)
                        try await voiceRoster.renewShared()
                        try await sharedPresence?.sweep()
                        try await voiceRoster.shared?.sweep()
                    }
                } catch {
                    logger.warning("live-state event dropped", metadata: ["error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
        // Stopping: this process's users and call participants leave the shared state now
        // rather than when their leases run out.
        await releaseSharedLeases(when: "shutdown")
    }

    /// Ends this process's leases in the shared live state (publishing what that changes).
    private func releaseSharedLeases(when moment: String) async {
        for shared in [sharedPresence, voiceRoster.shared].compactMap({ $0 }) {
            do { try await shared.releaseAll() } catch {
                logger.warning("shared live state: releasing leases failed",
                               metadata: ["kind": "\(shared.kind)", "at": "\(moment)", "error": "\(error)"])
            }
        }
    }

    private func publish(_ addressed: AddressedEvent?) {
        if let addressed { events.publish(addressed.event, to: addressed.audience, memberLists: addressed.memberListAudience) }
    }
}
