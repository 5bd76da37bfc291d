import Synchronization

/// A queue of messages with an `async` receive: the substrate's own stand-in for a process
/// mailbox.
///
/// Why not the standard library's `AsyncStream`? Iterating one hops through the global executor
/// on every element, even inside an isolated loop, which takes the work out of the simulation's
/// hands. A `Mailbox` resumes a waiting receiver with a plain continuation, so the receiver's
/// task continues on the executor it prefers — the simulation's.
///
/// Any number of senders, from any thread; receivers are served in the order they began to wait.
/// `send` is O(1); `next` is O(1) amortised.
public final class Mailbox<Element: Sendable>: AsyncSequence, Sendable {
    private struct State {
        var buffer: [Element] = []
        var head = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Element?, Never>)] = []
        var nextWaiter: UInt64 = 0
        var finished = false

        /// Takes the oldest buffered element; compacts the buffer once half of it is consumed.
        mutating func pop() -> Element? {
            guard head < buffer.count else { return nil }
            let element = buffer[head]
            head += 1
            if head > 64, head * 2 > buffer.count {
                buffer.removeFirst(head)
                head = 0
            }
            return element
        }
    }

    private let state = Mutex(State())

    /// An empty mailbox. O(1).
    public init() {}

    /// Adds `element`, or hands it straight to a waiting receiver. Ignored after ``finish()``.
    /// - Complexity: O(1) amortised; O(w) when it hands `element` to the first of w waiting
    ///   receivers (the waiting list shifts; w is rarely more than 1).
    public func send(_ element: Element) {
        let waiter = state.withLock { s -> CheckedContinuation<Element?, Never>? in
            guard !s.finished else { return nil }
            if !s.waiters.isEmpty { return s.waiters.removeFirst().continuation }
            s.buffer.append(element)
            return nil
        }
        waiter?.resume(returning: element)
    }

    /// The next element, waiting if there is none; `nil` once finished and empty, or if the
    /// waiting task is cancelled.
    /// - Complexity: O(1) amortised (the buffer is compacted once half of it is consumed); a
    ///   cancelled wait costs O(w) for w waiting receivers, to find its own.
    public func next() async -> Element? {
        if let ready = state.withLock({ $0.pop() }) { return ready }
        let id = state.withLock { s -> UInt64 in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = state.withLock { s -> Element?? in
                    if let ready = s.pop() { return .some(ready) }
                    if s.finished || Task.isCancelled { return .some(nil) }
                    s.waiters.append((id, continuation))
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Element?, Never>? in
                guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: nil)
        }
    }

    /// Takes every element already waiting, without suspending. O(k) for k elements.
    public func drain() -> [Element] {
        state.withLock { s in
            let all = Array(s.buffer[s.head...])
            s.buffer.removeAll()
            s.head = 0
            return all
        }
    }

    /// The number of elements waiting.
    public var count: Int { state.withLock { $0.buffer.count - $0.head } }

    /// Removes waiting elements that match (used by ``Node/demonitor(_:flush:)``). O(k) calls of
    /// `shouldRemove` for k waiting elements.
    public func removeAll(where shouldRemove: (Element) -> Bool) {
        state.withLock { s in
            let kept = s.buffer[s.head...].filter { !shouldRemove($0) }
            s.buffer = Array(kept)
            s.head = 0
        }
    }

    /// Ends the mailbox: waiting receivers get `nil`, later sends are dropped, elements already
    /// buffered can still be received. O(w) for w waiting receivers.
    public func finish() {
        let waiters = state.withLock { s -> [CheckedContinuation<Element?, Never>] in
            s.finished = true
            defer { s.waiters.removeAll() }
            return s.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let mailbox: Mailbox
        /// The next message, waiting for one if none is there. O(1) amortised.
        public mutating func next() async -> Element? { await mailbox.next() }
    }

    /// An iterator whose `next()` is the mailbox's `next()`. O(1).
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(mailbox: self) }
}
