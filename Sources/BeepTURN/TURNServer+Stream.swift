import BeepSTUN
import BeepWire

extension TURNServer {
    /// Bytes read from a client's TCP or TLS connection (RFC 8656 §12.5, RFC 8489 §6.2.2):
    /// buffered per connection and cut into STUN frames (``TURNStreamFraming``) and padded
    /// ChannelData frames. A stream that cannot be framed, or that buffers more than
    /// ``TURNServerConfiguration/maxStreamBufferBytes``, is closed (``TURNServerOutput/closeConnection(_:)``)
    /// and its allocation ended.
    public mutating func handleStreamBytes(_ bytes: [UInt8], on fiveTuple: TURNFiveTuple, now: MonotonicTime) {
        var buffer = streamBuffers.removeValue(forKey: fiveTuple) ?? []
        buffer.append(contentsOf: bytes)
        let split: (frames: [ArraySlice<UInt8>], consumed: Int)
        do {
            split = try TURNChannelFraming.splitFrames(buffer)
        } catch {
            statistics.droppedMalformed &+= 1
            closeStream(fiveTuple)
            return
        }
        for frame in split.frames {
            handleDatagram(Array(frame), on: fiveTuple, now: now)
        }
        buffer.removeFirst(min(split.consumed, buffer.count))
        guard buffer.count <= configuration.maxStreamBufferBytes else {
            closeStream(fiveTuple)
            return
        }
        if !buffer.isEmpty { streamBuffers[fiveTuple] = buffer }
    }

    /// The client's TCP or TLS connection closed: its allocation ends (RFC 8656 §3.1).
    public mutating func handleConnectionClosed(_ fiveTuple: TURNFiveTuple, now: MonotonicTime) {
        streamBuffers[fiveTuple] = nil
        endAllocation(fiveTuple, reason: .connectionClosed)
    }

    private mutating func closeStream(_ fiveTuple: TURNFiveTuple) {
        streamBuffers[fiveTuple] = nil
        outputs.append(.closeConnection(fiveTuple))
        endAllocation(fiveTuple, reason: .connectionClosed)
    }
}
