/// The `code` of a signalling `error` message (docs/signalling.md, "Error codes").
///
/// The raw values are the wire strings; clients switch on them.
public enum SignallingErrorCode: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    /// Not JSON, not an object, unknown `type`, a missing or invalid field, or a binary frame.
    case badRequest = "bad_request"
    /// The envelope's `v` is not ``SignallingProtocolVersion/current``.
    case unsupportedVersion = "unsupported_version"
    /// The frame exceeds ``SignallingLimits/maximumFrameBytes``.
    case tooLarge = "too_large"
    /// The join token is malformed or its signature is invalid.
    case unauthorized
    /// The join token has expired.
    case tokenExpired = "token_expired"
    /// The join token names another room than the one asked for.
    case wrongRoom = "wrong_room"
    /// The join token does not allow publishing this kind of track.
    case forbiddenKind = "forbidden_kind"
    /// The message needs the connection to be in the call, and it is not.
    case notJoined = "not_joined"
    /// `join` while already joined in that mode, or for another room.
    case alreadyJoined = "already_joined"
    /// `unpublish` or `mute` of a kind that is not published.
    case notPublished = "not_published"
    /// `publish` of a kind that is already published.
    case alreadyPublished = "already_published"
    /// A message that is valid but not expected now (e.g. `answer` with no offer outstanding).
    case outOfOrder = "out_of_order"
    /// A client `offer` while a server offer is outstanding; the client rolls back and answers.
    case glare
    /// `resume` refused: unknown participant, wrong secret, or the grace period is over
    /// (the three are not told apart). Join again with a token.
    case resumeRefused = "resume_refused"
    /// `join` with media into a room whose operator limit of participants is reached.
    case roomFull = "room_full"
    /// `join` with media into a room with nobody in the call while the node is draining
    /// (no new rooms); calls in progress still accept joins.
    case nodeDraining = "node_draining"
    /// `mute {muted: false}` of a track the operator muted.
    case mutedByAdmin = "muted_by_admin"
    /// A server fault.
    case `internal`
}
