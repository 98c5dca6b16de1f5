import BeepCalls
import Synchronization

/// The participants a control stream has joined and not yet removed.
final class JoinedParticipants: Sendable {
    private let rooms = Mutex<[ParticipantID: String]>([:])

    /// Notes joins and leaves.
    func record(_ command: MediaCommand) {
        switch command {
        case .participantJoined(let room, let participant, _, _):
            rooms.withLock { $0[participant] = room }
        case .participantLeft(_, let participant):
            rooms.withLock { $0[participant] = nil }
        default:
            break
        }
    }

    /// The participants still joined, in a stable order, and forgets them.
    func drain() -> [(ParticipantID, String)] {
        rooms.withLock { rooms in
            defer { rooms = [:] }
            return rooms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }
}
