import BeepWire

/// The delay variation between two consecutive packet groups (draft-ietf-rmcat-gcc-02 §5.1):
/// `d(i) = (t(i) - t(i-1)) - (T(i) - T(i-1))`, arrival delta minus send delta.
struct GroupDelta: Sendable, Hashable {
    /// Send-time difference of the groups' last packets, in ms.
    var sendDeltaMilliseconds: Double
    /// Arrival-time difference of the groups' last packets, in ms.
    var arrivalDeltaMilliseconds: Double
    /// Arrival time of the completed group's last packet, in ms of the receiver clock.
    var arrivalMilliseconds: Double
}

/// Groups packets for the delay-based controller (draft-ietf-rmcat-gcc-02 §5.1, §5.2):
/// packets sent within ``burstTime`` of a group's first packet belong to that group, and a
/// packet that arrives within ``burstTime`` of the previous one with a negative delay
/// variation is merged into the current group (a burst built up by a queue, pre-filtering
/// §5.2). Each completed group yields one ``GroupDelta`` against the group before it.
/// Arrival times come from the receiver's feedback, so differences use wrapping arithmetic:
/// absurd values give absurd deltas, never a trap.
struct InterArrivalGrouping: Sendable {
    struct Group: Sendable {
        var firstSend: Int64
        var lastSend: Int64
        var firstArrival: Int64
        var lastArrival: Int64
    }

    /// A burst merged by pre-filtering never spans more than this on the receiver clock.
    static let maxBurstMicroseconds: Int64 = 100_000

    let burstTimeMicroseconds: Int64
    private var current: Group?
    private var previous: Group?

    init(burstTime: Duration) {
        burstTimeMicroseconds = Int64(saturating: burstTime.milliseconds * 1000)
    }

    /// Adds a received packet (in arrival order); returns a delta when it closes a group.
    /// Times are microseconds (send on the local clock, arrival on the receiver's).
    mutating func add(sendMicroseconds send: Int64, arrivalMicroseconds arrival: Int64) -> GroupDelta? {
        guard var group = current else {
            current = Group(firstSend: send, lastSend: send, firstArrival: arrival, lastArrival: arrival)
            return nil
        }
        if send < group.firstSend { return nil }  // reordered: older than the current group
        if belongsToGroup(group, send: send, arrival: arrival) {
            group.lastSend = max(group.lastSend, send)
            group.lastArrival = max(group.lastArrival, arrival)
            current = group
            return nil
        }
        var delta: GroupDelta?
        if let previous {
            let sendDelta = group.lastSend &- previous.lastSend
            let arrivalDelta = group.lastArrival &- previous.lastArrival
            if arrivalDelta >= 0 {
                delta = GroupDelta(sendDeltaMilliseconds: Double(sendDelta) / 1000,
                                   arrivalDeltaMilliseconds: Double(arrivalDelta) / 1000,
                                   arrivalMilliseconds: Double(group.lastArrival) / 1000)
            }
        }
        previous = group
        current = Group(firstSend: send, lastSend: send, firstArrival: arrival, lastArrival: arrival)
        return delta
    }

    private func belongsToGroup(_ group: Group, send: Int64, arrival: Int64) -> Bool {
        if send &- group.firstSend <= burstTimeMicroseconds { return true }
        // Pre-filtering (§5.2): a burst that arrives back to back after a queue drained.
        let arrivalDelta = arrival &- group.lastArrival
        let variation = arrivalDelta &- (send &- group.lastSend)
        return arrivalDelta >= 0 && arrivalDelta < burstTimeMicroseconds && variation < 0
            && arrival &- group.firstArrival < Self.maxBurstMicroseconds
    }
}
