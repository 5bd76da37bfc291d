import Synchronization

// What a simulated task records for the test to read once the run is over. Each is safe to share
// with the tasks (`Sendable`, behind a mutex).

/// A flag a simulated task raises and the test reads, e.g. "the call has returned".
public final class Flag: Sendable {
    private let raised = Mutex(false)
    /// A flag not raised yet. O(1).
    public init() {}
    /// Raises the flag. O(1).
    public func raise() { raised.withLock { $0 = true } }
    public var isRaised: Bool { raised.withLock { $0 } }
}

/// A value a simulated task sets and the test reads afterwards.
public final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    /// A box holding `value`. O(1).
    public init(_ value: Value) { self.value = Mutex(value) }
    /// Replaces the value. O(1), plus releasing the old one.
    public func set(_ newValue: Value) { value.withLock { $0 = newValue } }
    public var get: Value { value.withLock { $0 } }
}

/// Problems found inside simulated tasks, reported by the test afterwards.
public final class Problems: Sendable {
    private let list = Mutex<[String]>([])
    /// No problems yet. O(1).
    public init() {}
    /// Records `problem`. O(1) amortised.
    public func add(_ problem: String) { list.withLock { $0.append(problem) } }
    public var all: [String] { list.withLock { $0 } }
}

/// Who is inside a critical section right now, for tests of mutual exclusion.
///
/// Every body run under the lock calls ``enter()`` first and ``exit()`` last; the checker counts
/// the bodies inside and remembers the most there ever were at once.
public final class CriticalSection: Sendable {
    private struct State {
        var inside = 0
        var most = 0
        var entries = 0
    }

    private let state = Mutex(State())

    /// Nobody inside yet. O(1).
    public init() {}

    /// A body enters; returns how many are inside now, itself included. O(1).
    @discardableResult
    public func enter() -> Int {
        state.withLock { s in
            s.inside += 1
            s.entries += 1
            s.most = max(s.most, s.inside)
            return s.inside
        }
    }

    /// A body leaves. O(1).
    public func exit() { state.withLock { $0.inside -= 1 } }

    /// The most bodies ever inside at once.
    public var most: Int { state.withLock { $0.most } }
    /// How many bodies entered in all.
    public var entries: Int { state.withLock { $0.entries } }
    /// How many are inside now.
    public var inside: Int { state.withLock { $0.inside } }
}
