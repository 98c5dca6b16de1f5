import BeepWire

/// One event stream: its user, its sequence numbers, and the events kept for resume.
struct EventSession {
    struct Entry {
        let seq: UInt64
        let event: PublishedEvent
        let time: MonotonicTime
    }

    let id: String
    let userID: String
    private(set) var connection: EventConnectionID?
    private(set) var detachedAt: MonotonicTime?
    private(set) var lastSeq: UInt64 = 0
    /// The server whose member list the session's client shows (`watchMembers`, authorized).
    var watchedServer: String?
    /// Kept events, oldest first, from `entries[head]`.
    private var entries: [Entry] = []
    private var head = 0

    init(id: String, userID: String, connection: EventConnectionID) {
        self.id = id
        self.userID = userID
        self.connection = connection
    }

    /// Whether the session watches a server of `memberLists` (server id → its members) and its
    /// user is one of that server's members.
    func watches(_ memberLists: [String: Set<String>]) -> Bool {
        guard let watchedServer, let members = memberLists[watchedServer] else { return false }
        return members.contains(userID)
    }

    mutating func attach(_ connection: EventConnectionID) {
        self.connection = connection
        detachedAt = nil
    }

    mutating func detach(now: MonotonicTime) {
        connection = nil
        detachedAt = now
    }

    /// Appends `event` with the next sequence number and drops what the limits no longer keep.
    mutating func append(_ event: PublishedEvent, now: MonotonicTime, limits: EventLimits) -> UInt64 {
        lastSeq &+= 1
        entries.append(Entry(seq: lastSeq, event: event, time: now))
        while entries.count - head > limits.resumeBufferEvents
                || (head < entries.count && entries[head].time + limits.resumeWindow <= now) {
            head += 1
        }
        if head > 1024, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
        return lastSeq
    }

    /// The events after `seq`, or nil when some of them are no longer kept (or `seq` is ahead).
    func events(after seq: UInt64) -> ArraySlice<Entry>? {
        guard seq <= lastSeq else { return nil }
        if seq == lastSeq { return [] }
        guard head < entries.count, entries[head].seq <= seq &+ 1 else { return nil }
        let start = head + Int(seq &+ 1 - entries[head].seq)
        return entries[start...]
    }
}
