import Synchronization

/// A node's clock. In a simulation it reads *virtual* time, which moves only when every task is
/// waiting on it — so a lock's 8-second backoff costs no real time, and the same seed always
/// sees the same times.
///
/// Use `node.clock.sleep(for:)` where Erlang code would use a timer or `receive … after`. Never
/// `Task.sleep`, `Date()` or `ContinuousClock` inside simulated code: they read the wall clock,
/// which no seed controls.
public struct NodeClock: Clock, Sendable {
    /// A point in the host's time, measured from the host's start.
    public struct Instant: InstantProtocol, Sendable, CustomStringConvertible {
        public var offset: Duration

        /// The instant `offset` after the host's start. O(1).
        public init(offset: Duration) { self.offset = offset }

        /// This instant moved by `duration`. O(1).
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        /// The time from this instant to `other`. O(1).
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        /// Whether `lhs` comes first. O(1).
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }

        /// Whole microseconds since the start: the unit of the trace.
        public var microseconds: Int64 {
            let (seconds, attoseconds) = offset.components
            return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        }

        public var description: String { "t=\(microseconds)µs" }
    }

    let host: any NodeHost

    public var now: Instant { Instant(offset: host.now) }
    public var minimumResolution: Duration { .microseconds(1) }

    /// Suspends until `deadline`; throws `CancellationError` if the task is cancelled first.
    /// - Complexity: O(1) here, plus one timer on the host (and its cancellation, if the task is
    ///   cancelled first); in a simulation, no real time.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let sleeper = Sleeper()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                guard sleeper.arm(continuation) else { return }
                let timer = host.schedule(after: deadline.offset - host.now) { [host] in
                    sleeper.fire(host.isStopping ? CancellationError() : nil)
                }
                if !sleeper.setTimer(timer) { host.cancelTimer(timer) }
            }
        } onCancel: {
            if let timer = sleeper.fire(CancellationError()) { host.cancelTimer(timer) }
        }
    }
}

/// The one-shot state of a sleep: whoever comes first — the timer or cancellation — resumes it.
private final class Sleeper: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Void, any Error>?
        var timer: UInt64?
        var done = false
        var cancelledEarly = false
    }
    private let state = Mutex(State())

    /// Stores the continuation; false (after resuming it) if cancellation came first.
    func arm(_ continuation: CheckedContinuation<Void, any Error>) -> Bool {
        let early = state.withLock { s -> Bool in
            if s.done { return true }
            s.continuation = continuation
            return false
        }
        if early { continuation.resume(throwing: CancellationError()) }
        return !early
    }

    /// Records the timer; false if the sleep is already over (the caller cancels the timer).
    func setTimer(_ timer: UInt64) -> Bool {
        state.withLock { s in
            if s.done { return false }
            s.timer = timer
            return true
        }
    }

    /// Resumes the sleep once; returns the timer to cancel, if any.
    @discardableResult
    func fire(_ error: (any Error)?) -> UInt64? {
        let (continuation, timer) = state.withLock { s -> (CheckedContinuation<Void, any Error>?, UInt64?) in
            if s.done { return (nil, nil) }
            s.done = true
            defer { s.continuation = nil }
            return (s.continuation, s.timer)
        }
        if let error { continuation?.resume(throwing: error) } else { continuation?.resume() }
        return timer
    }
}
