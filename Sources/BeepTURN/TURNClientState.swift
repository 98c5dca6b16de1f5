import BeepSTUN
import BeepWire

/// An outstanding request of a ``TURNClient`` (RFC 8489 §6.2).
struct TURNClientTransaction: Sendable {
    /// What the request is for.
    enum Kind: Sendable, Hashable {
        case allocate
        case refresh(lifetime: UInt32)
        case createPermission(peer: STUNAddress)
        case channelBind(channel: UInt16, peer: STUNAddress)

        var method: STUNMethod {
            switch self {
            case .allocate: .allocate
            case .refresh: .refresh
            case .createPermission: .createPermission
            case .channelBind: .channelBind
            }
        }
    }

    var kind: Kind
    /// The request's own attributes, without USERNAME/REALM/NONCE/SOFTWARE, kept to rebuild
    /// the request after a 401 or 438 (RFC 8489 §9.2.5: a new transaction).
    var attributes: [STUNAttribute]
    /// The serialized request, resent unchanged on retransmission.
    var bytes: [UInt8]
    /// The key the request was signed with; nil when unsigned.
    var key: STUNIntegrityKey?
    /// When the next retransmission, or the give-up, is due.
    var deadline: MonotonicTime
    /// The current retransmission timeout.
    var rto: Duration
    /// Retransmissions still allowed (0 over TCP/TLS).
    var retransmissionsLeft: Int
    /// 438 answers already retried for this request.
    var staleNonceRetries: Int
}

/// The long-term credential state learnt from the server's challenge (RFC 8489 §9.2.3).
struct TURNClientAuthentication: Sendable {
    var realm: String
    var nonce: String
    var key: STUNIntegrityKey
    /// PASSWORD-ALGORITHMS as offered and the one chosen (RFC 8489 §9.2.4, §14.11, §14.12);
    /// nil when the server offered none (MD5 is then implied).
    var offeredAlgorithms: [STUNPasswordAlgorithm]?
    var chosenAlgorithm: STUNPasswordAlgorithm?
}

/// A permission for one peer IP address (RFC 8656 §9).
struct TURNClientPermission: Sendable {
    /// The peer address it was first asked for (reported in events).
    var peer: STUNAddress
    /// The server confirmed it.
    var installed = false
    /// CreatePermission in flight.
    var pending = false
    /// When the next refresh is due (installed and not pending).
    var refreshAt: MonotonicTime?
    /// When it was last installed or refreshed.
    var refreshedAt: MonotonicTime
    /// When data last went to or came from a peer at this IP.
    var lastUsed: MonotonicTime
    /// Packets waiting for the permission.
    var queue: [(peer: STUNAddress, payload: [UInt8])] = []
}

/// A channel bound (or being bound) to one peer transport address (RFC 8656 §12).
struct TURNClientChannel: Sendable {
    var number: UInt16
    var peer: STUNAddress
    /// The server confirmed the binding: ChannelData may be sent.
    var bound = false
    var pending = false
    var refreshAt: MonotonicTime?
    var refreshedAt: MonotonicTime
    var lastUsed: MonotonicTime
}

/// A FIFO that hands out elements by index and compacts when drained (no O(n) removeFirst).
struct TURNClientQueue<Element: Sendable>: Sendable {
    private var items: [Element] = []
    private var head = 0

    mutating func append(_ element: Element) { items.append(element) }

    mutating func pop() -> Element? {
        guard head < items.count else {
            items.removeAll(keepingCapacity: true)
            head = 0
            return nil
        }
        let element = items[head]
        head += 1
        return element
    }

    mutating func removeAll() {
        items.removeAll()
        head = 0
    }
}
