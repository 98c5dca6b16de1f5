import BeepWire

extension TransportWideFeedback {
    /// One result per described packet, sequence numbers counting up (wrapping) from the base,
    /// with deltas converted to microseconds. Throws if the chunks or deltas are inconsistent.
    public func packetResults() throws(WireError) -> [TransportWidePacketResult] {
        let statuses = try statuses()
        var results: [TransportWidePacketResult] = []
        results.reserveCapacity(statuses.count)
        var deltaIndex = 0
        for (index, status) in statuses.enumerated() {
            let sequence = baseSequenceNumber &+ UInt16(truncatingIfNeeded: index)
            guard status.isReceived else {
                results.append(.notReceived(sequence))
                continue
            }
            guard deltaIndex < receiveDeltas.count else {
                throw WireError(.malformed, "TWCC receive deltas: fewer than received packets")
            }
            let micros = Int64(receiveDeltas[deltaIndex]) * Self.deltaTickMicroseconds
            deltaIndex += 1
            results.append(TransportWidePacketResult(sequenceNumber: sequence, status: status,
                                                     deltaMicroseconds: micros))
        }
        guard deltaIndex == receiveDeltas.count else {
            throw WireError(.malformed, "TWCC receive deltas: \(receiveDeltas.count) for \(deltaIndex) received packets")
        }
        return results
    }

    /// The arrival time of each described packet in microseconds of the feedback sender's clock:
    /// the reference time plus the running sum of receive deltas (draft §3.1.5); nil for packets
    /// not received. Index `i` is sequence number `baseSequenceNumber &+ i`.
    public func arrivalTimesMicroseconds() throws(WireError) -> [Int64?] {
        var clock = referenceTimeMicroseconds
        var arrivals: [Int64?] = []
        for result in try packetResults() {
            guard result.status.isReceived else {
                arrivals.append(nil)
                continue
            }
            clock += result.deltaMicroseconds
            arrivals.append(clock)
        }
        return arrivals
    }

    /// Builds feedback from per-packet results (draft §3.1), choosing compact chunks.
    ///
    /// The base sequence number is the first result's; results must follow in increasing
    /// (wrapping) sequence order, and gaps between them are reported as not received. Deltas
    /// are rounded to 250 µs ticks; a small delta must fit `0...255` ticks and a large one
    /// 16 signed bits, otherwise this throws.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, referenceTime: Int32, feedbackPacketCount: UInt8,
                packets: [TransportWidePacketResult]) throws(WireError) {
        let base = packets.first?.sequenceNumber ?? 0
        var statuses: [TransportWideStatus] = []
        statuses.reserveCapacity(packets.count)
        var deltas: [Int16] = []
        for packet in packets {
            let offset = Int(packet.sequenceNumber &- base)
            guard offset >= statuses.count else {
                throw WireError(.malformed, "TWCC results: sequence number \(packet.sequenceNumber) is out of order")
            }
            statuses.append(contentsOf: repeatElement(.notReceived, count: offset - statuses.count))
            statuses.append(packet.status)
            let ticks = TransportWidePacketResult.ticks(microseconds: packet.deltaMicroseconds)
            switch packet.status {
            case .notReceived:
                continue
            case .smallDelta:
                guard (0...255).contains(ticks) else {
                    throw WireError(.tooLarge, "TWCC small delta: \(packet.deltaMicroseconds) µs, expected 0...63750")
                }
            case .largeDelta:
                guard ticks >= Int64(Int16.min), ticks <= Int64(Int16.max) else {
                    throw WireError(.tooLarge, "TWCC large delta: \(packet.deltaMicroseconds) µs exceeds 16 signed bits")
                }
            }
            deltas.append(Int16(truncatingIfNeeded: ticks))
        }
        guard let count = UInt16(exactly: statuses.count) else {
            throw WireError(.tooLarge, "TWCC packet status count: \(statuses.count) exceeds 65535")
        }
        self.init(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, baseSequenceNumber: base, packetStatusCount: count,
                  referenceTime: referenceTime, feedbackPacketCount: feedbackPacketCount,
                  chunks: Self.chunks(for: statuses), receiveDeltas: deltas)
    }

    /// Packs statuses into chunks (draft §3.1.3, §3.1.4), greedily taking whichever chunk kind
    /// covers the most statuses from the current position: a run of equal statuses, a 1-bit
    /// vector of 14 (when none of them is a large delta), or a 2-bit vector of 7. Vectors at the
    /// end are filled with `.notReceived`, which the status count makes the reader ignore.
    public static func chunks(for statuses: [TransportWideStatus]) -> [TransportWideChunk] {
        var chunks: [TransportWideChunk] = []
        var index = 0
        let total = statuses.count
        while index < total {
            let first = statuses[index]
            var run = 1
            while index + run < total, run < Int(TransportWideChunk.maxRunLength), statuses[index + run] == first {
                run += 1
            }
            let remaining = total - index
            let oneBitWindow = min(TransportWideChunk.oneBitCapacity, remaining)
            let oneBitFits = !statuses[index..<(index + oneBitWindow)].contains(.largeDelta)
            let oneBitCover = oneBitFits ? oneBitWindow : 0
            let twoBitCover = min(TransportWideChunk.twoBitCapacity, remaining)
            if run >= oneBitCover, run >= twoBitCover {
                chunks.append(.runLength(first, length: UInt16(truncatingIfNeeded: run)))
                index += run
            } else if oneBitCover >= twoBitCover {
                chunks.append(.oneBitVector(vector(statuses[index..<(index + oneBitCover)],
                                                   capacity: TransportWideChunk.oneBitCapacity)))
                index += oneBitCover
            } else {
                chunks.append(.twoBitVector(vector(statuses[index..<(index + twoBitCover)],
                                                   capacity: TransportWideChunk.twoBitCapacity)))
                index += twoBitCover
            }
        }
        return chunks
    }

    /// The symbols of a vector chunk, filled up to `capacity` with `.notReceived`.
    private static func vector(_ symbols: ArraySlice<TransportWideStatus>, capacity: Int) -> [TransportWideStatus] {
        Array(symbols) + Array(repeating: .notReceived, count: max(0, capacity - symbols.count))
    }
}
