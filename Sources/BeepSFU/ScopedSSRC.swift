/// A participant-scoped SSRC: SSRCs are unique per peer session, not across the router.
struct ScopedSSRC: Hashable, Sendable {
    let participant: ParticipantID
    let ssrc: UInt32
}
