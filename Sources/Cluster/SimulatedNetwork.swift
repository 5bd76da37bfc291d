import Synchronization

/// The simulated network: the ``NodeHost`` of every node in a ``Simulation``.
///
/// It carries messages between nodes in memory, with a seeded delay per message, and knows which
/// links are up. Its model of distributed Erlang:
/// - nodes form a full mesh; a link is up when both ends are alive and the link is not cut;
/// - **per-link FIFO**: two messages from node a to node b arrive in the order sent, unless
///   reordering is switched on. Erlang promises less: order only between each *pair of
///   processes*. In practice one connection carries all of a→b's traffic in order, and pg2 relies
///   only on the per-pair promise; keeping whole links FIFO is stronger than Erlang's rule and so
///   still a faithful model (reordering switches it off for tests that want the weaker one);
/// - a link going down loses whatever is in flight on it, and nothing crosses a cut link;
/// - only casts may be lost on a live link, and only if ``NetworkOptions/castLoss`` says so.
///
/// > Note: Erlang connects on demand: sending to an unconnected node tries to connect. Here a
/// > cut link is a *network failure*: nothing crosses it and no reconnect happens until the
/// > simulation heals it. That is what lets a test hold a partition open as long as it likes.
final class SimulatedNetwork: NodeHost, @unchecked Sendable {
    let scheduler: SimulationScheduler
    let trace: Trace
    /// Explorer mode's lanes (nil in the seeded mode): see ``ExplorerLanes``.
    let lanes: ExplorerLanes?
    let seed: UInt64
    let options: NetworkOptions
    let codec: any WireCodec = JSONWireCodec()
    /// The network's state, behind its one lock (its extensions, in other files, reach it too).
    let state: Mutex<NetworkState>
    /// Sees every delivered message (tests harvest real requests from it).
    let tap = Mutex<(@Sendable (Message, NodeName, NodeName) -> Void)?>(nil)

    init(seed: UInt64, options: NetworkOptions, tracing: Bool, exploring: Bool = false) {
        self.seed = seed
        self.options = options
        self.trace = Trace(enabled: tracing)
        self.lanes = exploring ? ExplorerLanes(trace: trace) : nil
        self.scheduler = SimulationScheduler(idle: lanes)
        self.state = Mutex(NetworkState(random: NodeRandom(seed: stableHash(["network", "\(seed)"]))))
    }

    var taskExecutor: (any TaskExecutor)? { scheduler }
    var now: Duration { scheduler.now }
    var isStopping: Bool { scheduler.isStopping }

    func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        scheduler.schedule(after: delay, action).raw
    }

    func cancelTimer(_ id: UInt64) { scheduler.cancel(.init(raw: id)) }

    func later(_ action: @escaping @Sendable () -> Void) { scheduler.enqueue(action) }

    func randomSeed(for node: NodeName, creation: UInt32) -> UInt64 {
        stableHash(["node", "\(seed)", node.rawValue, "\(creation)"])
    }

    func note(_ node: NodeName, _ text: String) {
        record(.local(node), text)
    }

    func record(_ kind: TraceEvent.Kind, _ text: String) {
        guard trace.isEnabled else { return }
        let microseconds = NodeClock.Instant(offset: scheduler.now).microseconds
        trace.record(TraceEvent(time: microseconds, kind: kind, text: text))
    }

    /// Ends the simulation so that everything it made can be freed: every node halts (its
    /// processes and servers are dropped, its pending calls fail, its event streams end), the
    /// work this wakes runs to its end, timers fire as cancellations, and the network lets go of
    /// its nodes — breaking the node ↔ network and node ↔ server reference cycles.
    func shutDown() {
        // Take the nodes out under the lock, release them after it: a node's last release can
        // deinit actors, whose resignID must not find this lock held.
        lanes?.close()
        let nodes = state.withLock { s in
            defer {
                s.current.removeAll()
                s.lastDue.removeAll()
            }
            return s.current
        }
        for name in nodes.keys.sorted() { nodes[name]?.halt() }
        scheduler.shutDown()
        tap.withLock { $0 = nil }
        withExtendedLifetime(nodes) {}
    }
}

/// Everything the network knows, behind its one lock.
struct NetworkState {
    var random: NodeRandom
    var current: [NodeName: Node] = [:]
    var everCreated: [NodeName: UInt32] = [:]
    var cuts: Set<Link> = []
    /// Bumped each time a link goes down; a message whose epoch is stale died in flight.
    var epochs: [Link: UInt64] = [:]
    var lastDue: [Lane: Duration] = [:]

    init(random: NodeRandom) { self.random = random }

    func isUp(_ link: Link) -> Bool {
        guard !cuts.contains(link), let a = current[link.low], let b = current[link.high] else {
            return false
        }
        return a.isAlive && b.isAlive
    }
}
