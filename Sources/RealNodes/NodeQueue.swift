import Dispatch
import Foundation
import Synchronization

/// One real node's work, one job at a time, in the order it was asked for.
///
/// Every task a real node starts (its servers' loops, each call it serves, each cast it sends)
/// prefers this executor, and its deferred work (``RealHost/later(_:)``) runs here too. So, as in
/// the simulator, what a node does happens in the order it was asked for: two casts a scope sends
/// one after the other leave in that order (each runs until its message is on the wire before the
/// next starts), and the requests a connection delivers start in arrival order. It also makes a
/// node's work single-threaded, as one Erlang process's is.
///
/// **Where the jobs run.** The queue keeps its own first-in-first-out list of jobs and a `running`
/// flag. A job added to a busy queue is only appended; one added to an idle queue starts a drain,
/// normally on a serial `DispatchQueue`'s thread. But a socket's reader thread that hands the node
/// a frame (``handing(_:)``) and so finds the queue idle drains it itself, once the frame is
/// handled: the request it just read is served, or the caller its reply wakes runs on, on the
/// thread that read it, and no other thread is woken — one wake-up less on each side of a round
/// trip (with ``NodeTimers``, `pg2-bench echo` went from ~7.5 context switches per call to ~2.8).
/// That drain is bounded: after ``inlineLimit`` jobs the rest goes to the dispatch queue, so a
/// reader never stays away from its socket for long. Either way one drainer at a time runs the
/// jobs, in order, and a job never runs inside another: a job that adds a job only appends it (the
/// queue is busy), and a `handing` nested in another, or called from inside a task, only hands.
/// The cost: while a reader runs the node's work, the frames behind it on that connection wait (a
/// job runs until its next `await`, as on the queue), and a job may run on any of the node's
/// reader threads — never two at once — not always on the queue's thread.
final class NodeQueue: TaskExecutor, @unchecked Sendable {
    /// The thread that drains the jobs when no reader does.
    let queue: DispatchQueue
    /// How many jobs a reader thread runs inline before it hands the rest to ``queue``.
    static let inlineLimit = 32

    private enum Work {
        case job(UnownedJob)
        case action(@Sendable () -> Void)
    }

    private struct State {
        var jobs: [Work] = []
        var head = 0
        /// A drainer is running jobs (or about to): nobody else may start one.
        var running = false

        mutating func pop() -> Work? {
            guard head < jobs.count else {
                jobs.removeAll(keepingCapacity: true)
                head = 0
                return nil
            }
            defer {
                head += 1
                if head >= 1_024, head * 2 >= jobs.count {
                    jobs.removeFirst(head)
                    head = 0
                }
            }
            return jobs[head]
        }
    }

    private let state = Mutex(State())

    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) { submit(.job(UnownedJob(job))) }

    func enqueue(_ action: @escaping @Sendable () -> Void) { submit(.action(action)) }

    /// Runs `body` — a reader thread handing the node one frame — and, if `body` gave the idle
    /// queue work, runs up to ``inlineLimit`` jobs here before returning; what is left goes to the
    /// dispatch queue. Nested in another `handing`, or called from a task (a test feeding a
    /// connection bytes: a job must not run inside another job), it only runs `body`.
    func handing<T>(_ body: () -> T) -> T {
        let slot = InlineSlot.current
        guard slot.queue == nil, withUnsafeCurrentTask(body: { $0 == nil }) else { return body() }
        slot.queue = self
        slot.owed = false
        let result = body()
        slot.queue = nil
        if slot.owed {
            slot.owed = false
            drain(limit: Self.inlineLimit)
        }
        return result
    }

    private func submit(_ work: Work) {
        let start = state.withLock { s -> Bool in
            s.jobs.append(work)
            guard !s.running else { return false }
            s.running = true
            return true
        }
        guard start else { return }
        let slot = InlineSlot.current
        if slot.queue === self {
            slot.owed = true  // this reader drains once its frame is handled
        } else {
            queue.async { [self] in drain(limit: .max) }
        }
    }

    /// Runs jobs in order until none is left (the queue is idle again) or `limit` ran (the rest
    /// goes to the dispatch queue, the queue still busy). Only the one drainer calls this.
    private func drain(limit: Int) {
        var ran = 0
        while true {
            let next = state.withLock { s -> Work?? in
                guard ran < limit else { return .some(nil) }
                guard let work = s.pop() else {
                    s.running = false
                    return nil
                }
                return work
            }
            switch next {
            case .none: return
            case .some(.none):
                queue.async { [self] in drain(limit: .max) }
                return
            case .some(.some(.job(let job))): job.runSynchronously(on: asUnownedTaskExecutor())
            case .some(.some(.action(let action))): action()
            }
            ran += 1
        }
    }
}

/// Per thread: the queue whose frame this thread is handing over (``NodeQueue/handing(_:)``),
/// and whether that queue was idle and left for this thread to drain.
private final class InlineSlot {
    var queue: NodeQueue?
    var owed = false

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            if let raw { Unmanaged<InlineSlot>.fromOpaque(raw).release() }
        }
        return key
    }()

    static var current: InlineSlot {
        if let raw = pthread_getspecific(key) { return Unmanaged<InlineSlot>.fromOpaque(raw).takeUnretainedValue() }
        let slot = InlineSlot()
        pthread_setspecific(key, Unmanaged.passRetained(slot).toOpaque())
        return slot
    }
}
