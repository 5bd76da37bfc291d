import Cluster
import Distributed
import LocalTable

/// pg's API as a caller on one node runs it: checks in the caller, then one call to the node's
/// scope for a write; reads straight from the scope's table.
///
/// ```swift
/// try Scope.start("chat", on: a)
/// let chat = ScopeClient("chat", node: a)
/// try await chat.join("room", .one(alice.id))    // alice lives on a
/// chat.members(of: "room")                        // [alice.id] — no await: a table read
/// ```
///
/// Everything a caller may do is here; everything it may not do is refused here, before the
/// scope is asked — as pg's `ensure_local` runs in the caller.
public struct ScopeClient: Sendable {
    /// The scope's name.
    public let scope: ScopeName
    /// The node whose scope this calls and whose table it reads.
    public let node: Node

    /// O(1): the scope is looked up by each operation, not here.
    public init(_ scope: ScopeName, node: Node) {
        self.scope = scope
        self.node = node
    }

    /// The scope's table on this node, if the scope runs here.
    public var table: ScopeTable? {
        guard let table = node.table(scope, as: ScopeTable.self), !table.isRetired else { return nil }
        return table
    }

    /// pg's `ensure_local`: every pid must be a process of this node, or nothing is done (J1).
    private func ensureLocal(_ pids: PidOrPids) throws {
        for pid in pids.pids where pid.node != node.name || pid.isWellKnown {
            throw PGError.notLocal(pid)
        }
    }

    /// `gen_server:call(Scope, Request)`: runs `body` in the node's scope, or throws
    /// ``Cluster/CallError/noproc(_:)`` if the scope does not run (rule S4).
    private func call<T: Sendable>(_ body: @escaping @Sendable (isolated Scope) throws -> T) async throws -> T {
        try await node.callLocal(scope, as: Scope.self, body)
    }

    // MARK: Writes

    /// `join(Scope, Group, PidOrPids)`: each pid gains an entry in `group` (rules J1–J4).
    /// - Throws: ``PGError/notLocal(_:)`` if any pid is not this node's (nothing is joined).
    /// - Complexity: O(k) checks in the caller, then one local call (no message on the network) that
    ///   costs ``ScopeState/joinLocal(_:_:monitoring:)``'s O(k) plus one cast per told peer.
    public func join(_ group: GroupName, _ pids: PidOrPids) async throws {
        try ensureLocal(pids)
        try await call { try $0.joinLocal(group, pids) }
    }

    /// `leave(Scope, Group, PidOrPids)`: each pid with an entry in `group` loses one (rule J5).
    /// - Returns: ``LeaveResult/notJoined`` if none had one.
    /// - Throws: ``PGError/notLocal(_:)`` as ``join(_:_:)``.
    /// - Complexity: O(k) checks, then one local call: O(k · g) for k pids in g groups each, and one
    ///   cast per told peer if anything left.
    public func leave(_ group: GroupName, _ pids: PidOrPids) async throws -> LeaveResult {
        try ensureLocal(pids)
        return try await call { try $0.leaveLocal(group, pids) }
    }

    // MARK: Monitors

    /// `monitor_scope(Scope)`, for `subscriber` (a process of this node).
    /// - Complexity: one local call; O(total entries) to copy the groups into the subscription.
    public func monitorScope(for subscriber: Pid) async throws -> Subscription {
        try ensureLocal(.one(subscriber))
        return try await call { try $0.monitorScope(subscriber: subscriber) }
    }

    /// `monitor(Scope, Group)`, for `subscriber` (a process of this node).
    /// - Complexity: one local call; O(1) (the group's list is the table's cached view).
    public func monitor(_ group: GroupName, for subscriber: Pid) async throws -> Subscription {
        try ensureLocal(.one(subscriber))
        return try await call { try $0.monitorGroup(group, subscriber: subscriber) }
    }

    /// `demonitor(Scope, Ref)`: true (pg's `ok`) if `ref` was a subscription, else false.
    /// - Complexity: one local call; O(s) for the group's s subscribers (O(1) for a scope
    ///   subscription), plus the subscriber's queued notifications to flush.
    public func demonitor(_ ref: MonitorRef) async throws -> Bool {
        try await call { try $0.demonitor(ref) }
    }

    // MARK: Reads — the table, no call

    /// `get_members(Scope, Group)`: `[]` for an unknown group, or if the scope does not run.
    /// O(1) when the group was not written since its last read, O(n) for its n entries after a write;
    /// no call and no message.
    public func members(of group: GroupName) -> [Pid] { table?.members(of: group) ?? [] }

    /// `get_local_members(Scope, Group)`: likewise, this node's entries only.
    /// Costs as ``members(of:)``.
    public func localMembers(of group: GroupName) -> [Pid] { table?.localMembers(of: group) ?? [] }

    /// `which_groups(Scope)`.
    /// - Throws: ``PGError/notRunning(_:_:)`` if the scope does not run here (pg: `badarg`).
    /// - Complexity: O(1), or O(g log g) for g groups after a group appeared or went.
    public func whichGroups() throws(PGError) -> [GroupName] {
        guard let table else { throw .notRunning(scope, node.name) }
        return table.groups()
    }

    /// `which_local_groups(Scope)` (exported by pg, undocumented).
    /// - Complexity: as ``whichGroups()``.
    public func whichLocalGroups() throws(PGError) -> [GroupName] {
        guard let table else { throw .notRunning(scope, node.name) }
        return table.localGroups()
    }

    /// Checks the scope's invariants.
    /// One local call; O(entries + peers + subscriptions).
    public func checkInvariants() async throws { try await call { try $0.checkInvariants() } }
}
