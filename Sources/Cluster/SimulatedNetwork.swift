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
    private let state: Mutex<NetworkState>
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

    // MARK: Carrying messages

    func send(_ message: Message, from node: Node, to peer: NodeName) {
        if let lanes { return send(message, from: node, to: peer, lanes: lanes) }
        let plan = state.withLock { s -> (due: Duration, epoch: UInt64)? in
            guard s.current[node.name] === node, node.isAlive else { return nil }
            let link = Link(node.name, peer)
            guard peer == node.name || s.isUp(link) else { return nil }
            if message.isLossy, options.castLoss > 0,
                Double(s.random.next() >> 11) / Double(1 << 53) < options.castLoss
            {
                return (.zero, .max)
            }
            let span = UInt64(max(options.maxDelay - options.minDelay, .zero) / .microseconds(1))
            let jitter = span == 0 ? 0 : s.random.next() % (span + 1)
            var due = scheduler.now + options.minDelay + .microseconds(Int64(jitter))
            if !options.reorder {
                let lane = Lane(from: node.name, to: peer)
                due = max(due, s.lastDue[lane] ?? .zero)
                s.lastDue[lane] = due
            }
            return (due, s.epochs[link] ?? 0)
        }
        guard let plan else {
            record(.lost(from: node.name, to: peer), describe(message, node.name, peer) + " (link down)")
            return
        }
        if plan.epoch == .max {
            record(.lost(from: node.name, to: peer), describe(message, node.name, peer) + " (lost)")
            return
        }
        let sender = node.name
        scheduler.schedule(at: plan.due) { [self] in deliver(message, from: sender, to: peer, epoch: plan.epoch) }
    }

    func deliver(_ message: Message, from sender: NodeName, to peer: NodeName, epoch: UInt64) {
        let target = state.withLock { s -> Node? in
            let link = Link(sender, peer)
            guard (s.epochs[link] ?? 0) == epoch, sender == peer || s.isUp(link) else { return nil }
            return s.current[peer]
        }
        guard let target, target.isAlive else {
            record(.lost(from: sender, to: peer), describe(message, sender, peer) + " (link went down)")
            return
        }
        record(.message(from: sender, to: peer), describe(message, sender, peer))
        lanes?.input(peer, message, from: sender)
        if let tap = tap.withLock({ $0 }) { tap(message, sender, peer) }
        target.receive(message, from: sender)
    }

    func describe(_ message: Message, _ from: NodeName, _ to: NodeName) -> String {
        trace.isEnabled ? MessageText.describe(message, from: from, to: to, codec: codec) : ""
    }

    // MARK: Membership and links

    /// Adds or replaces the current incarnation of a node and brings up its links.
    func install(_ node: Node) {
        let peers = state.withLock { s -> [Node] in
            s.current[node.name] = node
            s.everCreated[node.name] = node.creation
            return s.current.keys.sorted().compactMap { name in
                guard name != node.name, let peer = s.current[name], peer.isAlive,
                    !s.cuts.contains(Link(name, node.name))
                else { return nil }
                return peer
            }
        }
        lanes?.input(node.name, ExplorerLanes.digest("install", "\(node.creation)"))
        for peer in peers { linkUp(node, peer) }
    }

    func current(_ name: NodeName) -> Node? { state.withLock { $0.current[name] } }

    var currentNodes: [Node] {
        state.withLock { s in s.current.keys.sorted().compactMap { s.current[$0] } }
    }

    /// The epoch of the link that carries a message from `node` to `peer`, if it can carry one now.
    func liveEpoch(from node: Node, to peer: NodeName) -> UInt64? {
        state.withLock { s in
            guard s.current[node.name] === node, node.isAlive else { return nil }
            let link = Link(node.name, peer)
            guard peer == node.name || s.isUp(link) else { return nil }
            return s.epochs[link] ?? 0
        }
    }

    func nextCreation(for name: NodeName) -> UInt32 {
        state.withLock { ($0.everCreated[name] ?? 0) + 1 }
    }

    /// Cuts the links between each pair in `pairs` (a network failure).
    func cut(_ pairs: [(NodeName, NodeName)]) {
        let downs = state.withLock { s -> [(Node, Node)] in
            var downs: [(Node, Node)] = []
            for (a, b) in pairs where a != b {
                let link = Link(a, b)
                let wasUp = s.isUp(link)
                s.cuts.insert(link)
                if wasUp, let x = s.current[link.low], let y = s.current[link.high] {
                    s.epochs[link, default: 0] += 1
                    downs.append((x, y))
                }
            }
            return downs
        }
        for (x, y) in downs {
            linkDown(x.name, y.name)
            x.connectionDown(y.name)
            y.connectionDown(x.name)
        }
    }

    /// Mends the links between each pair in `pairs`.
    func mend(_ pairs: [(NodeName, NodeName)]) {
        let ups = state.withLock { s -> [(Node, Node)] in
            var ups: [(Node, Node)] = []
            for (a, b) in pairs where a != b {
                let link = Link(a, b)
                guard s.cuts.remove(link) != nil, s.isUp(link),
                    let x = s.current[link.low], let y = s.current[link.high]
                else { continue }
                ups.append((x, y))
            }
            return ups
        }
        for (x, y) in ups { linkUp(x, y) }
    }

    /// Every cut link, as sorted pairs.
    var cutLinks: [(NodeName, NodeName)] {
        state.withLock { $0.cuts.sorted().map { ($0.low, $0.high) } }
    }

    /// Takes a node's current incarnation down: it halts, and every peer loses its link to it.
    func crash(_ name: NodeName) -> Bool {
        let (victim, peers) = state.withLock { s -> (Node?, [Node]) in
            guard let victim = s.current[name], victim.isAlive else { return (nil, []) }
            var peers: [Node] = []
            for other in s.current.keys.sorted() where other != name {
                let link = Link(name, other)
                if s.isUp(link), let peer = s.current[other] {
                    s.epochs[link, default: 0] += 1
                    peers.append(peer)
                }
            }
            return (victim, peers)
        }
        guard let victim else { return false }
        victim.halt()
        for peer in peers {
            linkDown(name, peer.name)
            peer.connectionDown(name)
        }
        return true
    }

    private func linkUp(_ x: Node, _ y: Node) {
        let (first, second) = x.name < y.name ? (x, y) : (y, x)
        linkCameUp(first.name, second.name)
        first.connectionUp(second.name)
        second.connectionUp(first.name)
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

/// The knobs of the simulated network.
public struct NetworkOptions: Sendable {
    /// The shortest and longest delay of one message; each message draws uniformly between them.
    public var minDelay: Duration = .microseconds(100)
    public var maxDelay: Duration = .microseconds(1_000)
    /// Let messages on one link overtake each other (distributed Erlang never does).
    public var reorder = false
    /// The probability that a cast on a live link is lost (0 by default).
    public var castLoss = 0.0

    public init(
        minDelay: Duration = .microseconds(100), maxDelay: Duration = .microseconds(1_000),
        reorder: Bool = false, castLoss: Double = 0
    ) {
        self.minDelay = max(minDelay, .microseconds(1))
        self.maxDelay = max(maxDelay, self.minDelay)
        self.reorder = reorder
        self.castLoss = castLoss
    }
}

/// An undirected link between two nodes, stored low name first.
struct Link: Hashable, Comparable {
    let low: NodeName
    let high: NodeName
    init(_ a: NodeName, _ b: NodeName) { (low, high) = a < b ? (a, b) : (b, a) }
    static func < (l: Link, r: Link) -> Bool { (l.low, l.high) < (r.low, r.high) }
}

/// One direction of a link: the unit of FIFO order.
struct Lane: Hashable {
    let from: NodeName
    let to: NodeName
}

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
