import Cluster
import Distributed
import Exchange
import LocalTable
import Monitors

/// One pg scope on one node: the only writer of the scope's table, and the node's voice in the
/// scope's overlay network.
///
/// In pg a scope is a gen_server registered under the scope's name. Its inputs are the local
/// calls (`join_local`, `leave_local`, the monitors), the messages of its peers (`discover`,
/// `sync`, `join`, `leave`), the `nodeup` events of its node, and the DOWNs of what it monitors.
/// Here it is a distributed actor registered under the scope's name — `<a.chat>` is scope `chat`
/// on node a, and any node can address it so — whose state and rules are a ``ScopeState``.
/// Its peer messages are distributed functions, each sent as a cast: one message, no reply,
/// lost if the link is down, in order with the others on the same link.
///
/// The local calls are plain isolated methods, reached with `Node.callLocal` from ``ScopeClient``:
/// pg's API calls only the scope of the caller's own node, so nothing else needs to reach them.
///
/// > Note: Like chapter 3's server, no handler here suspends: each input is applied whole before
/// > the next, as a gen_server applies one message at a time.
public distributed actor Scope {
    public typealias ActorSystem = Node

    private var state: ScopeState

    /// Use ``start(_:on:)``: a scope must be registered under its name for its peers to find it.
    init(scope: ScopeName, actorSystem: Node) {
        self.actorSystem = actorSystem
        let table = ScopeTable(scope: scope, localNode: actorSystem.name)
        state = ScopeState(scope: scope, me: id, table: table)
        // Only the registered instance is the scope: an actor that lost the race for the name
        // must neither publish its table nor greet the peers.
        guard id.isWellKnown else { return }
        actorSystem.publishTable(table, as: scope, owner: id)
        // `net_kernel:monitor_nodes(true)`: a nodeUp per node connected now — pg's init
        // broadcasts `discover` to nodes() — and then every later nodeup (rule D1).
        actorSystem.monitorNodes(for: self, nodeUp: { scope, peer in scope.nodeUp(peer) })
    }

    /// Starts scope `scope` on `node` (pg's `start/1`) and returns it.
    /// - Throws: ``PGError/alreadyStarted(_:_:)`` if the node already runs it (rule S1).
    /// - Complexity: registering the name, O(1), and one `discover` cast per connected node (rule D1),
    ///   sent from the new scope.
    @discardableResult
    public static func start(_ scope: ScopeName, on node: Node) throws -> Scope {
        if let running = node.whereis(scope) { throw PGError.alreadyStarted(scope, running) }
        do {
            return try node.register(scope) { Scope(scope: scope, actorSystem: node) }
        } catch is Node.NameTaken {
            throw PGError.alreadyStarted(scope, Pid(named: scope, on: node.name))
        }
    }

    /// Stops scope `scope` on `node` (pg's scope process exiting): its table is retired, its
    /// monitors go, and every peer drops what it had announced (rules S3, D6).
    /// - Complexity: O(1) here; the scope's exit then releases its monitors, O(members + peers +
    ///   subscriptions), and each peer hears of it through its monitor's DOWN.
    public static func stop(_ scope: ScopeName, on node: Node, reason: ExitReason = .normal) {
        node.exit(Pid(named: scope, on: node.name), reason: reason)
    }

    /// Whether this instance still is its node's scope (it has not stopped). Every input is
    /// dropped once it is not: a stopped scope must not answer for the new one.
    private var isCurrent: Bool { id.isWellKnown && actorSystem.isCurrent(self) }

    // MARK: Local calls (ScopeClient's)

    /// `{join_local, Group, PidOrPids}`.
    func joinLocal(_ group: GroupName, _ pids: PidOrPids) throws {
        guard isCurrent else { throw CallError.noproc(id) }
        send(state.joinLocal(group, pids, monitoring: monitors))
    }

    /// `{leave_local, Group, PidOrPids}`.
    func leaveLocal(_ group: GroupName, _ pids: PidOrPids) throws -> LeaveResult {
        guard isCurrent else { throw CallError.noproc(id) }
        let (result, out) = state.leaveLocal(group, pids, monitoring: monitors)
        send(out)
        return result
    }

    /// `monitor` (`monitor_scope`).
    func monitorScope(subscriber: Pid) throws -> Subscription {
        guard isCurrent else { throw CallError.noproc(id) }
        return state.monitorScope(subscriber: subscriber, monitoring: monitors)
    }

    /// `{monitor, Group}`.
    func monitorGroup(_ group: GroupName, subscriber: Pid) throws -> Subscription {
        guard isCurrent else { throw CallError.noproc(id) }
        return state.monitorGroup(group, subscriber: subscriber, monitoring: monitors)
    }

    /// `{demonitor, Ref}`.
    func demonitor(_ ref: MonitorRef) throws -> Bool {
        guard isCurrent else { throw CallError.noproc(id) }
        return state.demonitor(ref, monitoring: monitors)
    }

    // MARK: Peer messages

    /// `{discover, Peer}` (rule D2).
    /// - Complexity: one cast in; ``ScopeState/discover(from:monitoring:)``'s cost, O(e + d log d)
    ///   for our e local entries of d pids, and one `sync` (plus one `discover`, if the peer is new) out.
    public distributed func discover(_ peer: Pid) {
        guard isCurrent else { return }
        send(state.discover(from: peer, monitoring: monitors))
    }

    /// `{sync, Peer, Groups}` (rule D3).
    /// - Complexity: one cast in; ``ScopeState/sync(from:groups:monitoring:)``'s O(r + o) for r
    ///   reported and o previously known entries, in one write. Nothing is sent.
    public distributed func sync(_ peer: Pid, _ groups: [GroupSnapshot]) {
        guard isCurrent else { return }
        state.sync(from: peer, groups: groups, monitoring: monitors)
    }

    /// `{join, Peer, Group, PidOrPids}`.
    /// - Complexity: one cast in; O(k) for k pids, one write. Nothing is sent.
    public distributed func join(_ peer: Pid, _ group: GroupName, _ pids: PidOrPids) {
        guard isCurrent else { return }
        state.join(from: peer, group, pids)
    }

    /// `{leave, Peer, PidOrPids, Groups}`. A leave naming a group the peer never announced
    /// crashes the scope, as it crashes pg's (rule D7): it exits with reason `{badkey, Group}`.
    /// - Complexity: one cast in; O(k · g) for k pids in g groups, one write. Nothing is sent.
    public distributed func leave(_ peer: Pid, _ pids: PidOrPids, _ groups: [GroupName]) {
        guard isCurrent else { return }
        do {
            try state.leave(from: peer, pids, groups: groups)
        } catch {
            actorSystem.exit(id, reason: .other("\(error)"))
        }
    }

    // MARK: Events and DOWN

    func nodeUp(_ node: NodeName) {
        guard isCurrent else { return }
        send(state.nodeUp(node))
    }

    func handle(_ down: Down) {
        guard isCurrent else { return }
        send(state.down(down, monitoring: monitors))
    }

    // MARK: Sending, monitoring, checking

    /// Sends each message as a cast to its scope, in order.
    private func send(_ outgoing: [Outgoing]) {
        let node = actorSystem
        for item in outgoing {
            guard let peer = try? node.resolve(item.to, as: Scope.self) else { continue }
            switch item.message {
            case .discover(let me): node.cast(peer) { try await $0.discover(me) }
            case .sync(let me, let groups): node.cast(peer) { try await $0.sync(me, groups) }
            case .join(let me, let group, let pids): node.cast(peer) { try await $0.join(me, group, pids) }
            case .leave(let me, let pids, let groups): node.cast(peer) { try await $0.leave(me, pids, groups) }
            }
        }
    }

    /// The node's monitors, owned by the scope (they go when it stops), each DOWN handed back to
    /// ``handle(_:)`` — a message behind those already waiting.
    private var monitors: NodeMonitors { NodeMonitors(for: self) { scope, down in scope.handle(down) } }

    /// Checks the scope's invariants (see ``ScopeState/checkInvariants()``).
    /// O(entries + peers + subscriptions).
    public func checkInvariants() throws { try state.checkInvariants() }

    /// A copy of the scope's state, for tests and the chapter's exercises.
    public var snapshot: ScopeState { state }
}
