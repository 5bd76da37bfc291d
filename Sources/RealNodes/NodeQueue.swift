import Dispatch

/// One real node's work, one job at a time, in the order it was asked for.
///
/// Every task a real node starts (its servers' loops, each call it serves, each cast it sends)
/// prefers this executor, and its deferred work (``RealHost/later(_:)``) runs here too. So, as in
/// the simulator, what a node does happens in the order it was asked for: two casts a scope sends
/// one after the other leave in that order (each runs until its message is on the wire before the
/// next starts), and the requests a connection delivers start in arrival order. It also makes a
/// node's work single-threaded, as one Erlang process's is; the sockets' threads only read frames
/// and hand them over.
final class NodeQueue: TaskExecutor, @unchecked Sendable {
    let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { [self] in job.runSynchronously(on: asUnownedTaskExecutor()) }
    }

    func enqueue(_ action: @escaping @Sendable () -> Void) { queue.async(execute: action) }
}
