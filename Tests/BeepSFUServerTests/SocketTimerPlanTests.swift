import BeepSFUServer
import BeepWire
import Testing

/// When a media socket's timer fires: at the sessions' earliest deadline, bounded below by the
/// minimum spacing after the previous run and above by the sweep interval.
struct SocketTimerPlanTests {
    private let plan = SocketTimerPlan(minimumSpacing: .milliseconds(5), sweepInterval: .milliseconds(50))
    private let now = MonotonicTime(sinceOrigin: .seconds(10))

    @Test func firesAtTheEarliestDeadline() {
        let deadline = now + .milliseconds(20)
        #expect(plan.fireTime(earliestDeadline: deadline, lastRun: now - .milliseconds(30), now: now) == deadline)
    }

    @Test func withoutDeadlinesSweepsAfterTheInterval() {
        #expect(plan.fireTime(earliestDeadline: nil, lastRun: nil, now: now) == now + .milliseconds(50))
        #expect(plan.fireTime(earliestDeadline: now + .seconds(3), lastRun: nil, now: now) == now + .milliseconds(50))
    }

    @Test func aPastDeadlineWaitsForTheMinimumSpacing() {
        let stuck = now - .seconds(1)
        #expect(plan.fireTime(earliestDeadline: stuck, lastRun: now, now: now) == now + .milliseconds(5))
        #expect(plan.fireTime(earliestDeadline: stuck, lastRun: nil, now: now) == stuck)  // first run: at once
    }

    @Test func sweepIsNeverShorterThanTheSpacing() {
        let odd = SocketTimerPlan(minimumSpacing: .milliseconds(20), sweepInterval: .milliseconds(1))
        #expect(odd.sweepInterval == .milliseconds(20))
        #expect(odd.fireTime(earliestDeadline: nil, lastRun: now, now: now) == now + .milliseconds(20))
    }
}
