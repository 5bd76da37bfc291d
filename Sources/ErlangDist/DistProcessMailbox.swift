import Dispatch
import Synchronization

/// What a process receives: messages, and the signals Erlang turns into messages.
public enum Mail: Sendable, Equatable {
    /// A message some process sent.
    case message(Term)
    /// A monitored process ended (or its node went away: `noconnection`, or it never existed:
    /// `noproc`). `object` is the pid, or `{Name, Node}` for a monitor by name.
    case down(ref: ErlangReference, object: Term, reason: Term)
    /// A linked process ended, or someone called exit/2 on this one, and this process traps exits.
    case exit(from: ErlangPid, reason: Term)

    /// The message as an Erlang process would see it: `{'DOWN', Ref, process, Object, Reason}`,
    /// `{'EXIT', From, Reason}`, or the message itself.
    public var term: Term {
        switch self {
        case .message(let t): t
        case .down(let ref, let object, let reason):
            .tuple([.atom("DOWN"), .reference(ref), .atom("process"), object, reason])
        case .exit(let from, let reason): .tuple([.atom("EXIT"), .pid(from), reason])
        }
    }
}

/// Thrown by a receive once its process has ended.
public struct ProcessExit: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: Term
    /// An exit with `reason`: thrown from a spawned body, it ends the process with it. O(1).
    public init(_ reason: Term) { self.reason = reason }
    public var description: String { "the process exited: \(reason.brief)" }
}

/// A process's queue of ``Mail``, with Erlang's selective receive: a receiver waits for the
/// first item its pattern accepts, and everything else stays queued, in order.
final class DistProcessMailbox: Sendable {
    private struct Waiter {
        var id: UInt64
        var accepts: @Sendable (Mail) -> Bool
        var continuation: CheckedContinuation<Mail?, any Error>
    }

    private struct State {
        var items: [Mail] = []
        var waiters: [Waiter] = []
        var nextWaiter: UInt64 = 0
        var exited: Term?
    }
    private let state = Mutex(State())

    /// Hands `mail` to the first waiter that accepts it, or queues it. Dropped after exit.
    func deliver(_ mail: Mail) {
        let waiter = state.withLock { s -> CheckedContinuation<Mail?, any Error>? in
            guard s.exited == nil else { return nil }
            if let i = s.waiters.firstIndex(where: { $0.accepts(mail) }) {
                return s.waiters.remove(at: i).continuation
            }
            s.items.append(mail)
            return nil
        }
        waiter?.resume(returning: mail)
    }

    /// Ends the mailbox: every waiter, now and later, throws ``ProcessExit``.
    func close(_ reason: Term) {
        let waiters = state.withLock { s -> [Waiter] in
            guard s.exited == nil else { return [] }
            s.exited = reason
            s.items = []
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.continuation.resume(throwing: ProcessExit(reason)) }
    }

    var count: Int { state.withLock { $0.items.count } }

    /// The first queued mail `accepts` takes, waiting up to `timeout` (nil: for ever) for one.
    /// Nil on timeout or cancellation.
    func receive(timeout: Duration?, _ accepts: @escaping @Sendable (Mail) -> Bool) async throws -> Mail? {
        let id = state.withLock { s -> UInt64 in
            s.nextWaiter += 1; return s.nextWaiter
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Mail?, any Error>) in
                let ready = state.withLock { s -> Result<Mail?, ProcessExit>? in
                    if let reason = s.exited { return .failure(ProcessExit(reason)) }
                    if let i = s.items.firstIndex(where: accepts) { return .success(s.items.remove(at: i)) }
                    if Task.isCancelled { return .success(nil) }
                    s.waiters.append(Waiter(id: id, accepts: accepts, continuation: continuation))
                    return nil
                }
                if let ready {
                    continuation.resume(with: ready)
                    return
                }
                if let timeout {
                    let nanos =
                        Int(timeout.components.seconds) * 1_000_000_000
                        + Int(timeout.components.attoseconds / 1_000_000_000)
                    DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(max(nanos, 0))) { [self] in
                        cancelWaiter(id)
                    }
                }
            }
        } onCancel: {
            cancelWaiter(id)
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        let waiter = state.withLock { s -> Waiter? in
            guard let i = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return s.waiters.remove(at: i)
        }
        waiter?.continuation.resume(returning: nil)
    }
}
