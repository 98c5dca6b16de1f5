import BeepSTUN
import BeepWire

/// A relayed address held for a later Allocate carrying its RESERVATION-TOKEN (RFC 8656 §7.2,
/// EVEN-PORT with the R bit; §18.10).
struct TURNReservation: Sendable, Hashable {
    var address: STUNAddress
    var expiry: MonotonicTime
}

extension TURNServer {
    /// How long a reserved port waits for its Allocate (RFC 8656 §7.2: "approximately 30 seconds").
    static let reservationLifetime: Duration = .seconds(30)
    /// How many even ports to try when the port after one is taken.
    static let evenPortAttempts = 8

    /// Takes a relayed address from the allocator. With `reserveNextPort`, the port must be
    /// even and the next-higher port is reserved too under a fresh token (RFC 8656 §7.2
    /// step 4); candidates whose next port is taken are returned to the pool.
    mutating func reserveRelayAddress(_ request: TURNRelayRequest, reserveNextPort: Bool,
                                      now: MonotonicTime) -> (address: STUNAddress, token: UInt64?)? {
        var rejected: [STUNAddress] = []
        defer { for address in rejected { allocator.release(address) } }
        for _ in 0..<Self.evenPortAttempts {
            guard let candidate = allocator.reserve(request) else { return nil }
            guard candidate.family == request.family, fiveTupleByRelay[candidate] == nil,
                  !request.evenPort || candidate.port % 2 == 0 else {
                rejected.append(candidate)
                continue
            }
            guard reserveNextPort else { return (candidate, nil) }
            var next = candidate
            next.port = candidate.port &+ 1
            if candidate.port < UInt16.max, allocator.reserve(exactly: next) {
                var system = SystemRandomNumberGenerator()
                var token = system.next() as UInt64
                while reservations[token] != nil { token = system.next() }
                reservations[token] = TURNReservation(address: next, expiry: now + Self.reservationLifetime)
                noteDeadline(now + Self.reservationLifetime)
                return (candidate, token)
            }
            rejected.append(candidate)
        }
        return nil
    }

    /// Drops a reservation and frees its address.
    mutating func releaseReservation(_ token: UInt64) {
        guard let reservation = reservations.removeValue(forKey: token) else { return }
        allocator.release(reservation.address)
    }
}
