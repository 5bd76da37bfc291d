@_exported import Cluster
import Exchange
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer

/// A group's name (pg2 accepts any term; the workbook uses strings).
public typealias GroupName = LocalTable.GroupName
/// pg2's errors: ``LocalTable/PG2Error/noSuchGroup(_:)`` and ``LocalTable/PG2Error/noProcess(_:)``.
public typealias PG2Error = LocalTable.PG2Error

/// Erlang's pg2, complete: distributed named process groups.
///
/// Every node runs one pg2 server (started on first use, like pg2's `ensure_started`), which
/// owns the node's table. Writes take a cluster-wide lock on the group and are applied by every
/// connected node's server before they return; reads look at this node's table and never wait.
/// Nodes monitor every member they know and drop dead ones on their own, and when two nodes
/// connect they exchange their tables and merge them.
///
/// ```swift
/// import ProcessGroups            // also brings in Cluster: Simulation, Node, Pid, …
///
/// let sim = Simulation(seed: 1)
/// let a = sim.addNode("a"), b = sim.addNode("b")
/// let worker = b.spawnProcess()
/// try await sim.run {
///     let pg2 = ProcessGroups(node: a)
///     try await pg2.create("workers")
///     try await pg2.join("workers", worker.id)
///     return try ProcessGroups(node: b).members(of: "workers")   // [worker.id], on b too
/// }
/// ```
///
/// The behaviour is pg2's, anomalies included — see `Chapters/06-Exchange` for what happens to
/// groups and members across partitions, and why OTP replaced pg2 with `pg`. OTP's `pg` itself is
/// beside it, as ``Scope``.
///
/// ## Costs
/// Below, n is the number of connected nodes, m a group's number of distinct members and g the
/// number of groups on a node. No write costs more as a group grows, except `delete`, which
/// touches each member once; no read costs more as a group grows, except the first read after
/// a write to that group, which builds and caches its sorted list. Hold on to a `ProcessGroups`
/// value: it finds the node's table once, and its reads then go straight to it.
public struct ProcessGroups: Sendable {
    /// The node this handle works on.
    public let node: Node
    private let pg2: ReplicatedPG2<ExchangeServer>

    /// pg2 as seen from `node`. Starts nothing and looks nothing up: the first call does.
    /// - Complexity: O(1).
    public init(node: Node) {
        self.node = node
        self.pg2 = ReplicatedPG2(node: node)
    }

    /// Starts this node's pg2 server and lock server if they are not running (pg2's `start/0`,
    /// `ensure_started`). Every call below does this itself; call it to have a node take part in
    /// the cluster's groups (answer writes, exchange tables) before it makes a call of its own.
    /// - Complexity: O(1) when both run (two registry look-ups); starting a server is O(1) too,
    ///   and its exchange with each peer is sent from the server's own task.
    public static func start(on node: Node) throws {
        // On a real node, the server's calls travel in pg2's own terms ({join, Name, Pid}, …).
        ErlangShapes.register(ExchangeServer.self)
        ErlangShapes.register(LockServer.self)
        _ = try ExchangeServer.ensureStarted(on: node)
        _ = try LockServer.ensureStarted(on: node)
    }

    // MARK: Writes — lock the group, call every connected node's server, unlock

    /// `create(Name)`: creates the group on every connected node. If it exists on this node
    /// already, returns at once without a lock or a message. Never an error.
    /// - Complexity: O(1) if the group exists here. Otherwise three rounds of messages to the n
    ///   nodes (lock, create, unlock), O(n) messages, and O(1) work on each node (the cached group
    ///   list is dropped, to be rebuilt by the next ``whichGroups()``).
    public func create(_ name: GroupName) async throws {
        try Self.start(on: node)
        try await pg2.create(name)
    }

    /// `delete(Name)`: every connected node's server makes each member leave (one leave per
    /// count, releasing monitors) and removes the group. Always locks and calls, even for an
    /// unknown group; never an error.
    /// - Complexity: three rounds of messages to the n nodes; on each node, one batch of
    ///   O(m log m) for the group's m distinct members (their rows go at once and their monitors
    ///   are released in pid order), not one write per member, plus O(log g) for g groups.
    public func delete(_ name: GroupName) async throws {
        try Self.start(on: node)
        try await pg2.delete(name)
    }

    /// `join(Name, Pid)`: one more membership of `pid` — of any node, not only this one — on
    /// every connected node that has the group. Joining twice lists the pid twice.
    /// - Throws: ``LocalTable/PG2Error/noSuchGroup(_:)`` if this node has no such group (no
    ///   lock is taken then).
    /// - Complexity: three rounds of messages to the n nodes (plus one monitor message per node
    ///   the first time it sees `pid`); on each node O(log g) work for g groups (a binary search of
    ///   the cached group list), whatever the group's size.
    public func join(_ name: GroupName, _ pid: Pid) async throws {
        try Self.start(on: node)
        try await pg2.join(name, pid)
    }

    /// `leave(Name, Pid)`: one membership less, on every connected node that has the group.
    /// Leaving a group one is not in changes nothing (and keeps the pid's monitor, OTP-7277).
    /// - Throws: ``LocalTable/PG2Error/noSuchGroup(_:)`` if this node has no such group.
    /// - Complexity: like ``join(_:_:)``: three rounds, O(log g) work on each node.
    public func leave(_ name: GroupName, _ pid: Pid) async throws {
        try Self.start(on: node)
        try await pg2.leave(name, pid)
    }

    // MARK: Reads — this node's table, no waiting

    /// `get_members(Name)`: every member, repeated by its count, sorted by pid — the same list on
    /// every node that knows the same members.
    /// - Throws: ``LocalTable/PG2Error/noSuchGroup(_:)``.
    /// - Complexity: O(1) — an atomic load, a lock and a dictionary look-up — when the group was
    ///   not written since its last read; O(m log m) for the first read after a write, which
    ///   builds the sorted list once for every later reader.
    public func members(of name: GroupName) throws -> [Pid] { try pg2.members(of: name) }

    /// `get_local_members(Name)`: the members that live on this node, likewise.
    /// - Throws: ``LocalTable/PG2Error/noSuchGroup(_:)``.
    /// - Complexity: as ``members(of:)``.
    public func localMembers(of name: GroupName) throws -> [Pid] { try pg2.localMembers(of: name) }

    /// `get_closest_pid(Name)`: the one local member if there is exactly one entry; a random
    /// local entry if there are more; else a random entry of all members (counts act as weights).
    /// - Throws: ``LocalTable/PG2Error/noProcess(_:)`` for an empty group,
    ///   ``LocalTable/PG2Error/noSuchGroup(_:)`` for an unknown one.
    /// - Complexity: as ``members(of:)``, plus one random draw.
    public func closestMember(of name: GroupName) throws -> Pid { try pg2.closestMember(of: name) }

    /// `which_groups()`: every group on this node, sorted, empty ones included. Never an error.
    /// - Complexity: O(1); O(g log g) for the first call after a group was created or deleted.
    public func whichGroups() -> [GroupName] { (try? pg2.whichGroups()) ?? [] }

    /// Checks this node's table and monitor invariants (OTP's suite does after every step). The
    /// tests' hook, not pg2's API: visible inside this package only.
    /// - Complexity: O(rows).
    package func checkInvariants() async throws {
        try Self.start(on: node)
        _ = try await ExchangeServer.ensureStarted(on: node).checkInvariants()
    }

    /// Whether this node's table and monitors are completely empty. The tests' hook, like
    /// ``checkInvariants()``.
    /// - Complexity: O(1), one call to the node's server.
    package func isEmpty() async throws -> Bool {
        try Self.start(on: node)
        return try await ExchangeServer.ensureStarted(on: node).isEmpty()
    }
}
