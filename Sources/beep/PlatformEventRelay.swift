import BeepCalls
import BeepCommunities
import BeepCommunitiesAPI
import BeepEvents
import BeepEventsServer
import BeepPlatformCore
import Logging
import ServiceLifecycle

/// Turns live-state changes into events on the stream, one at a time and in order: presence
/// changes from the events gateway and voice-call joins and leaves from the call hub (through
/// the ``VoiceRoster``). Their audiences need the database, so they are addressed here rather
/// than in the gateway's or the hub's task.
final class PlatformEventRelay: Service, Sendable {
    private enum Input: Sendable {
        case presence(UserID, PresenceStatus)
        case voice(VoiceParticipantsChange)
    }

    /// Who is in each voice channel's call.
    let voiceRoster = VoiceRoster()
    private let inputs: AsyncStream<Input>
    private let continuation: AsyncStream<Input>.Continuation
    private let communities: CommunityService
    private let events: EventsGateway
    private let logger: Logger

    /// A relay publishing into `events`, addressing with `communities`; it observes the gateway's presence.
    init(communities: CommunityService, events: EventsGateway, logger: Logger) {
        (inputs, continuation) = AsyncStream.makeStream(of: Input.self)
        self.communities = communities
        self.events = events
        self.logger = logger
        events.observePresence { [continuation] user, status in
            if let id = UserID(user) { continuation.yield(.presence(id, status)) }
        }
    }

    /// Sees every media command of the call hub (pass it on to the media side too).
    func observeCall(_ command: MediaCommand) {
        if let change = voiceRoster.apply(command) { continuation.yield(.voice(change)) }
    }

    /// Publishes until graceful shutdown.
    func run() async throws {
        await withGracefulShutdownHandler {
            for await input in inputs {
                do {
                    let addressed: AddressedEvent? = switch input {
                    case .presence(let user, let status): try await communities.presenceEvent(user: user, status: status)
                    case .voice(let change): try await communities.voiceParticipantsEvent(change)
                    }
                    if let addressed { events.publish(addressed.event, to: addressed.audience) }
                } catch {
                    logger.warning("live-state event dropped", metadata: ["error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
    }
}
