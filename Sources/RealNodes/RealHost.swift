import Cluster
import Dispatch
import ErlangDist
import Foundation
import Synchronization

/// The outside world of a real node: the distribution layer's sockets, the system clock, and
/// Dispatch for timers and deferred work — the simulator's ``Cluster/NodeHost`` seam, filled with
/// the real thing. The node above it does not know the difference.
///
/// The node's tasks and its deferred work (``later(_:)``) run on one serial executor
/// (``NodeQueue``: its dispatch queue's thread, or a socket reader that found it idle), one at a
/// time, in the order they were asked for, so "DOWNs before `nodedown`" and "casts leave in the
/// order they were made" hold as they do in the simulator. Timers (``NodeTimers``: one Dispatch timer
/// source per node) fire on Dispatch's global queues and run their action on the node's queue; a
/// cancelled timer's action never runs.
final class RealHost: NodeHost {
    let codec: any WireCodec
    let dist: DistNode
    let router: ErlangRouter
    private let started = ContinuousClock.now
    private let executor: NodeQueue
    private let timers: NodeTimers
    private let log: (@Sendable (String) -> Void)?

    init(dist: DistNode, router: ErlangRouter, log: (@Sendable (String) -> Void)?) {
        self.dist = dist
        self.router = router
        self.codec = router.codec
        self.executor = router.queue
        self.log = log
        let executor = router.queue
        self.timers = NodeTimers { action in executor.enqueue(action) }
    }

    var taskExecutor: (any TaskExecutor)? { executor }
    var now: Duration { ContinuousClock.now - started }

    func send(_ message: Message, from node: Node, to peer: NodeName) {
        if peer == node.name {
            // A call through the system to one of this node's own pids (a dead one, or a
            // reference resolved before its actor existed) comes back here, as in the simulator.
            later { node.receive(message, from: peer) }
        } else {
            router.send(message, to: peer.rawValue)
        }
    }

    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        let (seconds, attoseconds) = max(delay, .zero).components
        let nanos = Int(min(seconds, 1 << 30)) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        return timers.schedule(afterNanoseconds: nanos, action)
    }

    func cancelTimer(_ id: UInt64) { timers.cancel(id) }

    func later(_ action: @escaping @Sendable () -> Void) { executor.enqueue(action) }

    func randomSeed(for node: NodeName, creation: UInt32) -> UInt64 { UInt64.random(in: 0...UInt64.max) }

    func note(_ node: NodeName, _ text: String) { log?("[\(node)] \(text)") }

    /// Pids come from the distribution layer, which mints its own processes' pids from the same
    /// counter: a Swift process and a system process never share a pid.
    func mintSerial(for node: NodeName) -> UInt64? {
        let pid = dist.mintPid()
        return UInt64(pid.serial) << 32 | UInt64(pid.id)
    }
}
