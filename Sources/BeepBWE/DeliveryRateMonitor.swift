import BeepWire

/// Compares what the path delivered with what was sent, over the same recent packets, to
/// recognise a sudden overload early (docs/bandwidth-estimation.md "Overload detection").
///
/// When a path's capacity falls several-fold, its queue fills in tens of milliseconds; the
/// delay trend (draft-ietf-rmcat-gcc-02 §5.3) and the loss fraction (§6) take several hundred
/// milliseconds to say so — losses are reported only once a later packet has crossed the full
/// queue, and the acknowledged bitrate (§5.5 `R_hat`) averages over 500 ms. The delivery rate
/// says it at once: packets sent over 20 ms arrive spread over 120 ms. This measures, over the
/// most recent received packets (at least ``minimumPackets`` spanning ``minimumSpan`` of
/// arrival time):
///
/// - the **delivery rate**: their bytes (but the first one's) over their arrival span;
/// - the **send rate** of the same stretch: the bytes of every packet sent between the first and
///   the last of them, lost ones included, over their send span.
///
/// Random loss lowers the delivery rate by the loss fraction only, and a paced sender under
/// its capacity sees both rates equal; a delivery rate under half the send rate means a queue
/// is absorbing (``Measurement/showsQueueGrowth(ratio:)``) or dropping
/// (``Measurement/showsTailDrop(ratio:packets:)``) most of what is sent (libwebrtc's loss-based estimator bounds its
/// estimate by the delivered rate in the same spirit).
struct DeliveryRateMonitor: Sendable {
    /// The least number of received packets a measurement uses.
    let minimumPackets: Int
    /// The least arrival span a measurement uses.
    let minimumSpan: Duration
    /// How much send time is kept.
    let history: Duration

    /// One packet's fate, in send order.
    private struct Fate: Sendable {
        var sendTime: MonotonicTime
        var size: Int
        var arrivalMicroseconds: Int64?
        var isProbe: Bool
    }

    private var fates: [Fate] = []
    private var head = 0

    init(minimumPackets: Int = 5, minimumSpan: Duration = .milliseconds(100), history: Duration = .seconds(1)) {
        self.minimumPackets = max(2, minimumPackets)
        self.minimumSpan = minimumSpan
        self.history = history
    }

    /// One measurement over a stretch of recent packets.
    struct Measurement: Sendable, Hashable {
        /// Bits per second that reached the receiver.
        var delivered: BitsPerSecond
        /// Bits per second sent over the same stretch.
        var sent: BitsPerSecond
        /// Packets sent in the stretch (lost ones included), and those of them lost.
        var sentPackets: Int
        var lostPackets: Int
        /// Send span / arrival span of the stretch: under 1 when a queue grew meanwhile.
        var spanRatio: Double
        /// Whether each half of the stretch (split at its middle received packet) has a span
        /// ratio under 0.75 too: a queue that grew steadily, not one stall of the sender, the
        /// network or the receiver's clock followed by a catch-up burst.
        var growsInBothHalves: Bool

        /// The path delivered under `ratio` × what it was sent while its queue grew: the
        /// arrivals spread over more than twice the send time. A host or receiver stalling for
        /// tens of milliseconds looks alike, so the caller asks the delay trend to agree.
        func showsQueueGrowth(ratio: Double) -> Bool {
            Double(delivered) < ratio * Double(sent) && spanRatio < 0.5
        }

        /// The path delivered under `ratio` × what it was sent because a full queue dropped
        /// most of it: at least `packets` sent, more than half of them lost (random loss that
        /// high over that many packets is rare enough to stand on its own).
        func showsTailDrop(ratio: Double, packets: Int) -> Bool {
            Double(delivered) < ratio * Double(sent) && sentPackets >= packets && 2 * lostPackets > sentPackets
        }
    }

    /// The index of the `number`-th received packet (from 0) at or after `start`, without
    /// building the list (this runs at every feedback).
    private func receivedIndex(number: Int, from start: Int) -> Int {
        var seen = 0
        var index = start
        while index < fates.count {
            if fates[index].arrivalMicroseconds != nil {
                if seen == number { return index }
                seen += 1
            }
            index += 1
        }
        return fates.count - 1
    }

    /// Send span / arrival span between two received packets (1 when they arrived together).
    private func spanRatio(from first: Int, to last: Int) -> Double {
        guard let start = fates[first].arrivalMicroseconds, let end = fates[last].arrivalMicroseconds,
              end > start else { return 1 }
        let send = (fates[last].sendTime - fates[first].sendTime).milliseconds * 1000
        return send / Double(end &- start)
    }

    /// Adds one feedback message's results (in transport sequence order, i.e. send order).
    mutating func add(_ results: [PacketResult]) {
        for result in results {
            fates.append(Fate(sendTime: result.sent.sendTime, size: result.sent.size,
                              arrivalMicroseconds: result.arrivalMicroseconds,
                              isProbe: result.sent.probeClusterID != nil))
        }
        guard let newest = fates.last?.sendTime else { return }
        while head < fates.count, newest - fates[head].sendTime > history { head += 1 }
        if head > 512, head * 2 > fates.count {
            fates.removeFirst(head)
            head = 0
        }
    }

    /// The rates over the most recent received packets; nil until enough were reported, and
    /// while the stretch holds packets of a probe cluster (a probe's burst is meant to build
    /// a queue; it measures the path with its own rule, ``ProbeResultEstimator``). Packets sent
    /// at or before `sentAfter` are left out (the estimator's last overload cut answered them).
    func measure(sentAfter: MonotonicTime? = nil) -> Measurement? {
        var received = 0
        var firstIndex: Int?
        var lastIndex: Int?
        var earliestArrival = Int64.max
        var latestArrival = Int64.min
        var deliveredBytes = 0
        var index = fates.count - 1
        let spanMicroseconds = Int64(saturating: minimumSpan.milliseconds * 1000)
        // Walk back from the newest report until the received packets found are enough.
        while index >= head {
            let fate = fates[index]
            if let sentAfter, fate.sendTime <= sentAfter { break }
            if let arrival = fate.arrivalMicroseconds {
                received += 1
                deliveredBytes += fate.size
                earliestArrival = min(earliestArrival, arrival)
                latestArrival = max(latestArrival, arrival)
                firstIndex = index
                if lastIndex == nil { lastIndex = index }
                if received >= minimumPackets, latestArrival &- earliestArrival >= spanMicroseconds { break }
            }
            index -= 1
        }
        guard let firstIndex, let lastIndex, received >= minimumPackets,
              latestArrival &- earliestArrival >= spanMicroseconds else { return nil }
        // The first packet opens both spans: its bytes count in neither rate.
        deliveredBytes -= fates[firstIndex].size
        guard !fates[firstIndex...lastIndex].contains(where: \.isProbe) else { return nil }
        var sentBytes = 0
        var lost = 0
        for fate in fates[(firstIndex + 1)...lastIndex] {
            sentBytes += fate.size
            if fate.arrivalMicroseconds == nil { lost += 1 }
        }
        let sendSpan = max((fates[lastIndex].sendTime - fates[firstIndex].sendTime).milliseconds, 1) / 1000
        let arrivalSpan = Double(latestArrival &- earliestArrival) / 1e6
        let middle = receivedIndex(number: received / 2, from: firstIndex)
        return Measurement(delivered: BitsPerSecond(saturating: Double(deliveredBytes) * 8 / arrivalSpan),
                           sent: BitsPerSecond(saturating: Double(sentBytes) * 8 / sendSpan),
                           sentPackets: lastIndex - firstIndex, lostPackets: lost, spanRatio: sendSpan / arrivalSpan,
                           growsInBothHalves: spanRatio(from: firstIndex, to: middle) < 0.75
                               && spanRatio(from: middle, to: lastIndex) < 0.75)
    }
}
