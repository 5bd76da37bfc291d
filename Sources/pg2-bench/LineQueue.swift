import Dispatch
import Foundation
import Synchronization

/// Lines arriving from a child's stdout, for one reader at a time to await with a deadline.
final class LineQueue: Sendable {
    enum Next: Sendable { case line(String), end, timeout }

    private struct State {
        var lines: [String] = []
        var head = 0
        var partial: [UInt8] = []
        var ended = false
        var waiter: (id: UInt64, continuation: CheckedContinuation<Next, Never>)?
        var nextID: UInt64 = 0

        mutating func pop() -> String? {
            guard head < lines.count else { return nil }
            let line = lines[head]
            head += 1
            compact()
            return line
        }

        mutating func compact() {
            if head > 1024, head * 2 > lines.count {
                lines.removeFirst(head)
                head = 0
            }
        }
    }

    private let state = Mutex(State())
    /// When set, only this many unread lines are kept (older ones are dropped).
    private let keeping: Int?

    init(keeping: Int? = nil) { self.keeping = keeping }

    /// The last `count` lines not yet read.
    func tail(_ count: Int) -> [String] { state.withLock { Array($0.lines[$0.head...].suffix(count)) } }

    /// Bytes read from the pipe: complete lines are queued (or handed to the waiter).
    func feed(_ bytes: UnsafeRawBufferPointer) {
        let resume = state.withLock { s -> (CheckedContinuation<Next, Never>, String)? in
            for byte in bytes {
                if byte == UInt8(ascii: "\n") {
                    if s.partial.last == UInt8(ascii: "\r") { s.partial.removeLast() }
                    s.lines.append(String(decoding: s.partial, as: UTF8.self))
                    s.partial.removeAll(keepingCapacity: true)
                    if let keeping, s.lines.count - s.head > keeping {
                        s.head += 1
                        s.compact()
                    }
                } else {
                    s.partial.append(byte)
                }
            }
            guard let waiter = s.waiter, let line = s.pop() else { return nil }
            s.waiter = nil
            return (waiter.continuation, line)
        }
        if let (continuation, line) = resume { continuation.resume(returning: .line(line)) }
    }

    /// The pipe closed: the child ended (or closed its stdout).
    func finish() {
        let waiter = state.withLock { s -> CheckedContinuation<Next, Never>? in
            s.ended = true
            if !s.partial.isEmpty {
                s.lines.append(String(decoding: s.partial, as: UTF8.self))
                s.partial = []
            }
            guard let waiter = s.waiter else { return nil }
            s.waiter = nil
            if let line = s.pop() { waiter.continuation.resume(returning: .line(line)); return nil }
            return waiter.continuation
        }
        waiter?.resume(returning: .end)
    }

    /// The next line, or `.end` when the pipe closed first, or `.timeout` after `timeout`.
    func next(within timeout: Duration) async -> Next {
        if let line = state.withLock({ $0.pop() }) { return .line(line) }
        return await withCheckedContinuation { continuation in
            let now = state.withLock { s -> Next? in
                if let line = s.pop() { return .line(line) }
                if s.ended { return .end }
                precondition(s.waiter == nil, "one reader at a time")
                s.nextID += 1
                s.waiter = (s.nextID, continuation)
                let id = s.nextID
                let (seconds, attoseconds) = timeout.components
                let nanos = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanos)) { [self] in
                    let expired = state.withLock { s -> CheckedContinuation<Next, Never>? in
                        guard let waiter = s.waiter, waiter.id == id else { return nil }
                        s.waiter = nil
                        return waiter.continuation
                    }
                    expired?.resume(returning: .timeout)
                }
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }
}
