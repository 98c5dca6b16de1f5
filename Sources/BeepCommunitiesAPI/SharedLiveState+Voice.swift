import BeepEventsOutbox
import BeepPlatformCore
import Foundation

extension SharedLiveState {
    /// Voice-call participants shared by processes (docs/events.md, "Voice rooms"): keys are
    /// voice channel ids, values one process's participants in that channel's call; a channel's
    /// participants are every live process's, by participant id. `stage` makes
    /// `voice.participants` for a channel's new list (nil: none, e.g. the channel is gone).
    public static func voice(outbox: EventOutbox, node: Int64, lease: Duration = .seconds(15),
                             stage: @escaping @Sendable (VoiceParticipantsChange) async throws -> StagedEvent?)
        -> SharedLiveState
    {
        SharedLiveState(outbox: outbox, kind: "voice", node: node, lease: lease,
                        merge: { values in VoiceParticipantsCoding.encode(values.flatMap(VoiceParticipantsCoding.decode)) },
                        stage: { key, state in
                            guard let channel = Snowflake(key) else { return nil }
                            return try await stage(VoiceParticipantsChange(
                                channelID: channel, participants: state.map(VoiceParticipantsCoding.decode) ?? []))
                        })
    }
}

/// One process's participants of a call as stored in the shared live state: a JSON array of
/// ``VoiceParticipantJSON`` by participant id.
enum VoiceParticipantsCoding {
    /// The list as stored (nil for nobody: the process holds no row then).
    static func encode(_ participants: [VoiceParticipantJSON]) -> String? {
        guard !participants.isEmpty,
              let data = try? JSONEncoder().encode(participants.sorted { $0.participantId < $1.participantId }) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// A stored list; unreadable text is nobody.
    static func decode(_ text: String) -> [VoiceParticipantJSON] {
        (try? JSONDecoder().decode([VoiceParticipantJSON].self, from: Data(text.utf8))) ?? []
    }
}
