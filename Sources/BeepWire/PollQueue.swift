/// The first-in first-out queue between a sans-IO machine, which appends its outputs, and its
/// driver, which polls them (`pollTransmit()`, `pollEvent()`, `pollOutput()`).
///
/// Polling is O(1) (an array's `removeFirst()` moves every remaining element), the storage is
/// reused once the queue is drained, and a polled element is released by the queue at once, so
/// the poller holds the only reference to a packet and can change it in place.
public struct PollQueue<Element> {
    private var slots: [Element?] = []
    private var head = 0

    /// An empty queue.
    public init() {}

    /// True when nothing is left to poll.
    public var isEmpty: Bool { head >= slots.count }

    /// How many elements are left to poll.
    public var count: Int { slots.count &- head }

    /// Queues `element` after the others.
    public mutating func append(_ element: Element) { slots.append(element) }

    /// The oldest element, or nil when the queue is empty.
    public mutating func poll() -> Element? {
        guard head < slots.count else {
            if !slots.isEmpty {
                slots.removeAll(keepingCapacity: true)
                head = 0
            }
            return nil
        }
        let element = slots[head]
        slots[head] = nil
        head &+= 1
        return element
    }
}

extension PollQueue: Sendable where Element: Sendable {}
