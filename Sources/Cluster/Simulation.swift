import Foundation
import Synchronization

/// A whole cluster in one process, deterministic: the same seed gives the same run, byte for
/// byte.
///
/// ```swift
/// let sim = Simulation(seed: 42)
/// let a = sim.addNode("a"), b = sim.addNode("b")
/// let reply = try await sim.run {
///     let p = b.spawnProcess()
///     let remote = try a.resolve(p.id, as: ProcessActor.self)
///     return try await remote.echo("hi")          // a -> b call, b -> a reply
/// }
/// print(sim.trace.text)
/// ```
///
/// What it gives a test:
/// - nodes (``addNode(_:)``), connected in a full mesh;
/// - faults: ``partition(_:)``, ``heal()``, ``disconnect(_:_:)``, ``reconnect(_:_:)``,
///   ``crash(_:)``, ``restart(_:)``, ``kill(_:)``;
/// - virtual time, advanced only by the simulation: ``run(_:)``, ``run(for:)``, ``quiescence()``;
/// - the ``trace`` of every delivered message and every fault.
///
/// How it stays deterministic: all nodes share one executor, driven by one thread, that runs
/// ready jobs in FIFO order and otherwise jumps virtual time to the next timer; every random
/// choice comes from generators seeded by ``seed``; no library code iterates a hashed collection
/// without sorting it first; and jobs that escape to the global executor are caught and counted
/// (``escapedJobs``). Two simulations are independent and may run in parallel.
///
/// Dropping the last reference to a simulation ends it: every node halts, the work that wakes
/// runs to its end (sleeps end with `CancellationError`), and the nodes, processes, servers and
/// queued work are freed — a seed sweep of thousands of runs does not grow. (A task of your own
/// that waits on something only the simulation could deliver, such as a ``Mailbox`` nobody sends
/// to, stays suspended.)
public final class Simulation: Sendable {
    /// The seed every random choice of this run derives from.
    public let seed: UInt64
    /// A command that replays this run, printed with failures (set it from a test).
    public let replayCommand: String?
    let network: SimulatedNetwork
    private let driving = Mutex(false)

    /// A new, empty simulation.
    /// - Parameters:
    ///   - seed: decides every message delay, loss and random choice.
    ///   - network: delays, reordering and loss.
    ///   - tracing: record the trace (benchmarks switch it off).
    ///   - replayCommand: shown in errors, e.g. `PG2_SEED=42 swift test --filter …`.
    /// - Complexity: O(1); no thread runs until a run is asked for.
    public init(
        seed: UInt64, network: NetworkOptions = NetworkOptions(), tracing: Bool = true,
        replayCommand: String? = nil
    ) {
        self.seed = seed
        self.replayCommand = replayCommand
        self.network = SimulatedNetwork(seed: seed, options: network, tracing: tracing)
    }

    /// A simulation in explorer mode (see ``Explorer``): messages wait in lanes, and what happens
    /// next is chosen at every point where nothing is ready.
    init(exploring seed: UInt64, tracing: Bool, replayCommand: String? = nil) {
        self.seed = seed
        self.replayCommand = replayCommand
        self.network = SimulatedNetwork(seed: seed, options: NetworkOptions(), tracing: tracing, exploring: true)
    }

    deinit { network.shutDown() }

    /// The trace so far.
    public var trace: Trace { network.trace }

    /// Virtual time since the simulation started.
    public var now: Duration { network.now }

    /// Calls `observer` with every message as it is delivered (message, sender, receiver); nil
    /// stops it. For tests, e.g. to collect real requests to replay or mutate.
    package func observeMessages(_ observer: (@Sendable (Message, NodeName, NodeName) -> Void)?) {
        network.tap.withLock { $0 = observer }
    }

    /// Jobs that escaped to the global executor and were caught (see `Node.spawn(_:)`).
    public var escapedJobs: Int { network.scheduler.escapedJobs }

    /// `seed 42` or `seed 42 — replay: <command>`: put it in failure messages.
    public var seedNote: String {
        replayCommand.map { "seed \(seed) — replay: \($0)" } ?? "seed \(seed)"
    }

    // MARK: Nodes

    /// Adds a node, connected to every live node whose link to it is not cut.
    /// - Complexity: O(1) if the node is running already. Otherwise O(N log N) for the
    ///   simulation's N nodes, plus one connection to each reachable live node, on whose both
    ///   ends the subscribers hear `nodeUp`.
    @discardableResult
    public func addNode(_ name: NodeName) -> Node {
        if let existing = network.current(name), existing.isAlive { return existing }
        let node = Node(name: name, creation: network.nextCreation(for: name), host: network)
        network.install(node)
        return node
    }

    /// The current incarnation of the node called `name`. O(1).
    public func node(_ name: NodeName) -> Node? { network.current(name) }

    /// The current incarnation of every node, sorted by name (crashed ones included).
    public var nodes: [Node] { network.currentNodes }

    // MARK: Faults

    /// Splits the network: every link between two different groups is cut. Links within a group,
    /// and links of nodes not named, are left as they are.
    /// - Complexity: O(P) for the P pairs of nodes in different groups; each link that was up
    ///   then goes down on both its nodes (`Node.connectionDown(_:)`).
    public func partition(_ groups: [NodeName]...) {
        let named = groups.map { $0.map(\.rawValue).joined(separator: ", ") }
        network.record(.fault, "partition " + named.map { "[\($0)]" }.joined(separator: " | "))
        var pairs: [(NodeName, NodeName)] = []
        for (i, left) in groups.enumerated() {
            for right in groups[(i + 1)...] {
                for a in left { for b in right { pairs.append((a, b)) } }
            }
        }
        network.cut(pairs)
    }

    /// Mends every cut link. Each newly connected pair hears `nodeUp`, lower name first.
    /// - Complexity: O(L log L) for the L cut links, plus `Node.connectionUp(_:)` on both ends
    ///   of each link that comes up.
    public func heal() {
        network.record(.fault, "heal")
        network.mend(network.cutLinks)
    }

    /// Cuts the single link a–b (Erlang's `disconnect_node`): both may still see a third node.
    /// O(1), plus `Node.connectionDown(_:)` on both nodes if the link was up.
    public func disconnect(_ a: NodeName, _ b: NodeName) {
        network.record(.fault, "disconnect \(a) \(b)")
        network.cut([(a, b)])
    }

    /// Mends the single link a–b. O(1), plus `Node.connectionUp(_:)` on both nodes if the link
    /// comes up.
    public func reconnect(_ a: NodeName, _ b: NodeName) {
        network.record(.fault, "reconnect \(a) \(b)")
        network.mend([(a, b)])
    }

    /// Crashes a node: all its processes are gone at once, its peers see their monitors fire
    /// with `noconnection` and then `nodeDown`. The `Node` object stays dead; see ``restart(_:)``.
    /// - Complexity: O(N log N) for the simulation's N nodes, plus the node's `Node.halt()` and
    ///   `Node.connectionDown(_:)` on each peer it was connected to.
    public func crash(_ name: NodeName) {
        network.record(.fault, "crash \(name)")
        _ = network.crash(name)
    }

    /// Starts a new incarnation of `name` (crashing the running one first, if any): a fresh node
    /// with the next ``Node/creation``, no processes, connected to every node it can reach.
    /// Pids of earlier incarnations stay dead for ever.
    /// - Complexity: ``crash(_:)`` if the node runs, then as ``addNode(_:)`` for a node not
    ///   running.
    @discardableResult
    public func restart(_ name: NodeName) -> Node {
        if network.current(name)?.isAlive == true { crash(name) }
        let node = Node(name: name, creation: network.nextCreation(for: name), host: network)
        network.record(.fault, "restart \(name)" + (node.creation == 1 ? "" : "@\(node.creation)"))
        network.install(node)
        return node
    }

    /// Kills a process (Erlang's `exit(Pid, kill)`): monitors report `killed`. Cost: as
    /// ``Node/exit(_:reason:)``.
    public func kill(_ pid: Pid) {
        network.record(.fault, "kill \(pid)")
        network.current(pid.node)?.exit(pid, reason: .killed)
    }

    // MARK: Running

    /// Runs `body` as a task on the simulation and drives the simulation until it returns.
    ///
    /// Work still pending when `body` returns (a message in flight, a timer) stays pending until
    /// the next run. Throws ``SimulationError/stalled(seed:time:note:)`` if the simulation goes
    /// idle — no ready job, no timer — while `body` still waits: nothing could ever wake it.
    /// If `body` throws, its error reaches the caller unchanged. The seed (with its replay command)
    /// is also printed to standard error when that helps someone replay a failure: when this
    /// simulation has a ``replayCommand`` (a test's), or when the error is not a
    /// ``DocumentedError`` — one an API documents as a normal outcome, such as `PG2Error` or
    /// ``CallError``. So a program whose joins expect `noSuchGroup` prints nothing.
    /// - Complexity: one thread to drive the scheduler, then the work of every job and timer the
    ///   simulation runs meanwhile: O(1) amortised to take a ready job, O(log t) to fire one of t
    ///   timers. Virtual time is free: a long sleep costs no real time.
    @discardableResult
    public func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        try claim()
        defer { release() }
        Task(executorPreference: network.scheduler) {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
        }
        _ = await drive(until: { outcome.withLock { $0 != nil } }, deadline: nil)
        guard let result = outcome.withLock({ $0 }) else {
            throw SimulationError.stalled(seed: seed, time: now, note: seedNote)
        }
        if case .failure(let error) = result, announces(error) {
            FileHandle.standardError.write(Data("simulation \(seedNote): the run threw \(error)\n".utf8))
        }
        return try result.get()
    }

    /// Whether ``run(_:)`` prints the seed when its body throws `error`: for a test (a replay
    /// command is set), or for an error no API documents.
    package func announces(_ error: any Error) -> Bool {
        replayCommand != nil || !(error is any DocumentedError)
    }

    /// Drives the simulation for `duration` of virtual time: everything due by then happens.
    /// Cost: as ``run(_:)``, for the work due by then.
    public func run(for duration: Duration) async throws {
        try claim()
        defer { release() }
        _ = await drive(until: { false }, deadline: now + duration)
    }

    /// Drives the simulation until nothing is left to do: no ready job and no timer. Cost: as
    /// ``run(_:)``, for all the work left.
    public func quiescence() async throws {
        try claim()
        defer { release() }
        _ = await drive(until: { false }, deadline: nil)
    }

    private func claim() throws {
        let busy = driving.withLock { d -> Bool in
            if d { return true }
            d = true
            return false
        }
        if busy { throw SimulationError.busy }
    }

    private func release() { driving.withLock { $0 = false } }

    /// Drives the scheduler on a thread of its own, so that no thread of Swift's cooperative pool
    /// is blocked while the simulation runs.
    private func drive(until stop: @escaping @Sendable () -> Bool, deadline: Duration?) async
        -> SimulationScheduler.Stop
    {
        let scheduler = network.scheduler
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: scheduler.drive(until: stop, deadline: deadline))
            }
            thread.stackSize = 8 << 20
            thread.name = "simulation \(seed)"
            thread.start()
        }
    }
}

/// What can go wrong with driving a simulation.
public enum SimulationError: Error, CustomStringConvertible {
    /// The simulation ran out of work while the body still waited.
    case stalled(seed: UInt64, time: Duration, note: String)
    /// A run was asked for while another run of the same simulation was going on.
    case busy

    public var description: String {
        switch self {
        case .stalled(_, let time, let note):
            "the simulation went idle at \(NodeClock.Instant(offset: time)) while the body was still "
                + "waiting (nothing could wake it: a call without timeout to a node that never "
                + "answers, or a mailbox nobody sends to?) — \(note)"
        case .busy: "this simulation is already running; runs of one simulation take turns"
        }
    }
}
