/// The operator settings in force, shown by `GET /admin/stats` (`tuning`) and `beep-stats`.
public struct CallTuning: Sendable, Equatable, Hashable, Codable {
    /// The node accepts no new rooms.
    public var draining: Bool
    /// Rooms with limits, sorted by name.
    public var rooms: [RoomTuning]

    /// A snapshot.
    public init(draining: Bool = false, rooms: [RoomTuning] = []) {
        self.draining = draining
        self.rooms = rooms
    }
}

/// One room's operator limits.
public struct RoomTuning: Sendable, Equatable, Hashable, Codable {
    /// The room name.
    public var room: String
    /// Its limits.
    public var limits: RoomLimits
    /// Participants in the call now (watchers not counted).
    public var participantsInCall: Int

    /// A room's tuning.
    public init(room: String, limits: RoomLimits, participantsInCall: Int) {
        self.room = room
        self.limits = limits
        self.participantsInCall = participantsInCall
    }
}
