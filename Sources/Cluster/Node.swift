import Distributed
import Synchronization

/// A node: Erlang's running VM, here one instance of our `DistributedActorSystem`.
///
/// Every distributed actor belongs to exactly one node (its `actorSystem`), and every pid names
/// its node. The node
/// - hands out pids (``assignID(_:)``) and keeps a **weak** registry of its live actors, so that
///   an actor whose last reference goes away is deinitialised — that is how a Swift process can
///   end by itself, and it is reported to monitors as `normal`;
/// - carries calls to remote actors over its ``NodeHost``'s network and runs calls that arrive;
/// - keeps monitors, node events, well-known names, a ``clock`` and a ``random`` source.
///
/// A node is created by its host — ``Simulation/addNode(_:)`` in the simulator — and lives one
/// incarnation: after a crash this object stays dead for good and a restart makes a new `Node`
/// with the same name and the next ``creation``.
///
/// Thread safety: all state sits behind one `Mutex`; no callback, continuation or actor deinit
/// ever runs while it is held (deinit re-enters the node through ``resignID(_:)``).
public final class Node: Sendable {
    /// This node's name, shared by all its incarnations.
    public let name: NodeName
    /// Which incarnation this is: 1 for a node's first life, then 2, 3, … (Erlang's `creation`).
    public let creation: UInt32
    /// The node's clock: virtual time in a simulation.
    public let clock: NodeClock
    /// The node's source of randomness: seeded, and therefore replayable, in a simulation.
    public let random: NodeRandom

    let host: any NodeHost
    let state = Mutex(NodeState())

    /// Made by a host; learners get nodes from ``Simulation/addNode(_:)``.
    package init(name: NodeName, creation: UInt32, host: any NodeHost) {
        self.name = name
        self.creation = creation
        self.host = host
        self.clock = NodeClock(host: host)
        self.random = NodeRandom(seed: host.randomSeed(for: name, creation: creation))
    }

    /// Whether this incarnation is running (false once it crashed).
    public var isAlive: Bool { state.withLock { $0.alive } }

    /// The nodes this node is connected to right now, sorted (Erlang's `nodes()`).
    public var connectedNodes: [NodeName] { state.withLock { $0.peers.sorted() } }

    /// Whether `peer` is this node or a node it is connected to. O(1).
    public func isConnected(to peer: NodeName) -> Bool {
        state.withLock { $0.alive && (peer == name || $0.peers.contains(peer)) }
    }

    /// The pids of this node's live processes, sorted.
    public var processes: [Pid] {
        state.withLock { s in s.actors.keys.filter { s.actors[$0]?.actor != nil }.sorted() }
    }

    /// Whether `pid` is a live process of this node. O(1).
    public func isAlive(_ pid: Pid) -> Bool { localActor(pid) != nil }

    /// Starts `body` as a new task of this node.
    ///
    /// Use this instead of `Task { }`: the task carries the node's executor preference, so in a
    /// simulation it runs on the simulation's executor, in seed order. A bare `Task { }` loses
    /// that preference and escapes to the global executor (the simulation catches and counts it).
    /// - Complexity: O(1): one task, whose work is `body`'s.
    @discardableResult
    public func spawn<Success: Sendable>(
        _ body: @escaping @Sendable () async throws -> Success
    ) -> Task<Success, any Error> {
        // A new task inherits task-locals; a pending name registration must not leak into it.
        Task(executorPreference: host.taskExecutor) {
            try await Registration.$current.withValue(nil) { try await body() }
        }
    }

    /// Starts `body` as a new task of this node (non-throwing form). O(1): one task, whose work is
    /// `body`'s.
    @discardableResult
    public func spawn<Success: Sendable>(
        _ body: @escaping @Sendable () async -> Success
    ) -> Task<Success, Never> {
        Task(executorPreference: host.taskExecutor) {
            await Registration.$current.withValue(nil) { await body() }
        }
    }

    /// Spawns a ``ProcessActor``: a small general-purpose process for tests and examples. O(1):
    /// a pid and a registry entry; nothing is sent.
    public func spawnProcess() -> ProcessActor { ProcessActor(actorSystem: self) }

    func localActor(_ pid: Pid) -> (any DistributedActor)? {
        guard pid.node == name else { return nil }
        return state.withLock { $0.alive ? $0.actors[pid]?.actor : nil }
    }
}

extension Node: CustomStringConvertible {
    public var description: String { creation == 1 ? "node \(name)" : "node \(name)@\(creation)" }
}

/// Everything a node knows, behind its one lock.
struct NodeState {
    var alive = true
    var nextSerial: UInt64 = 0
    var nextCallID: UInt64 = 0
    var nextRef: UInt64 = 0
    var nextSubscriber: UInt64 = 0
    /// Live local actors, held weakly so that they can deinit (and so end).
    var actors: [Pid: WeakActor] = [:]
    /// Registered actors, held strongly: a named server lives until it exits.
    var registered: [Pid: any DistributedActor] = [:]
    /// Named tables (``Node/publishTable(_:as:owner:)``).
    var tables: [String: any AnyObject & Sendable] = [:]
    /// The owner process of each owned table (dropped when it ends).
    var tableOwners: [String: Pid] = [:]
    /// Connected peers (never this node itself).
    var peers: Set<NodeName> = []
    /// Calls this node made that await a reply.
    var pending: [UInt64: PendingCall] = [:]
    /// Monitors this node holds, on local or remote pids.
    var monitors: [MonitorRef: MonitorRecord] = [:]
    /// The monitors each local process owns (removed when it ends).
    /// A set, so that releasing one of a server's ten thousand monitors is O(1), not O(monitors).
    var ownedMonitors: [Pid: Set<MonitorRef>] = [:]
    /// Who watches each local process: local monitors and remote nodes' monitors.
    var watchers: [Pid: [Watcher]] = [:]
    /// Node-event subscribers, by subscription number.
    var subscribers: [UInt64: Mailbox<NodeEvent>] = [:]
}

struct WeakActor {
    weak var actor: (any DistributedActor)?
}

struct PendingCall {
    let continuation: CheckedContinuation<Payload?, any Error>
    let target: Pid
    var timer: UInt64?
}

struct MonitorRecord {
    let pid: Pid
    /// The local process the monitor belongs to, if any.
    let owner: Pid?
    let deliver: @Sendable (Down) -> Void
}

struct Watcher {
    let ref: MonitorRef
    /// The node holding the monitor (this node for a local monitor).
    let node: NodeName
}
