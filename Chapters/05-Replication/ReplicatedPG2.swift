import Cluster
import GlobalLock
import LocalTable
import SingleNodeServer

/// pg2's API across a cluster: every write takes the group's global lock and calls the pg2
/// server of every connected node; every read stays on this node's table.
///
/// ```swift
/// let pg2 = ReplicatedPG2<PG2Server>(node: a)
/// try await pg2.create("chat")          // lock, create on every node, unlock
/// try await pg2.join("chat", alice.id)  // lock, join on every node, unlock
/// try pg2.members(of: "chat")           // a's own table: no message at all
/// ```
///
/// `Server` is the server type every node runs: ``SingleNodeServer/PG2Server`` here, chapter 6's
/// exchanging server in the final module.
public struct ReplicatedPG2<Server: GroupServer>: Sendable {
    /// The node the caller runs on.
    public let node: Node
    /// The node's table, once found: reads skip the node's registry while it is current.
    private let cache = TableCache()

    /// The API on `node`, whose servers are `Server`s. O(1); nothing starts until the first call.
    public init(node: Node, server: Server.Type = Server.self) {
        self.node = node
    }

    /// The lock resource of a group: global's `{pg2, Name}`. O(length of the name).
    public static func lockResource(_ name: GroupName) -> String { "pg2:\(name)" }

    // MARK: Writes: lock, multicall, unlock

    /// `create(Name)`: if the group exists here, ok at once — no lock, no message. Otherwise every
    /// reachable server creates it.
    /// - Complexity: O(1) if the group exists here. Otherwise as `write(_:)`: three cluster-wide
    ///   rounds, 2·(n−1) messages each for n nodes, and O(1) work on each server.
    public func create(_ name: GroupName) async throws {
        guard try !table.hasGroup(name) else { return }
        try await write(.create(name))
    }

    /// `delete(Name)`: always locks and calls every server, even for an unknown group.
    /// - Complexity: as `write(_:)`: three cluster-wide rounds, 2·(n−1) messages each for n
    ///   nodes; on each server, O(m log m) for the group's m distinct members there, plus a
    ///   `demonitor` message for each remote pid that leaves its last group.
    public func delete(_ name: GroupName) async throws {
        _ = try table
        try await write(.delete(name))
    }

    /// `join(Name, Pid)`: ``LocalTable/PG2Error/noSuchGroup(_:)`` if this node lacks the group
    /// (checked before any lock); else every server joins — each only if *it* has the group.
    /// - Complexity: as `write(_:)`: three cluster-wide rounds, 2·(n−1) messages each for n
    ///   nodes; O(log g) work on each server for g groups, whatever the group's size, plus a
    ///   `monitor` message from each server to which `pid` is remote and new.
    public func join(_ name: GroupName, _ pid: Pid) async throws {
        guard try table.hasGroup(name) else { throw PG2Error.noSuchGroup(name) }
        try await write(.join(name, pid))
    }

    /// `leave(Name, Pid)`: like ``join(_:_:)``, one leave on every server that has the group.
    /// - Complexity: as `join(_:_:)`, with a `demonitor` message where `pid` leaves its last group.
    public func leave(_ name: GroupName, _ pid: Pid) async throws {
        guard try table.hasGroup(name) else { throw PG2Error.noSuchGroup(name) }
        try await write(.leave(name, pid))
    }

    /// The shape of every pg2 write: `global:trans({{pg2, Name}, self()}, fun() ->
    /// gen_server:multi_call(pg2, Request) end)` — lock the group on every node we see, call every
    /// node's server, unlock. The multicall's replies and bad nodes are ignored, as pg2 ignores
    /// them: a node that missed the write catches up (or not) through the exchange of chapter 6.
    /// - Returns: the multicall's result, for tests and traces.
    /// - Complexity: three cluster-wide rounds — lock, multi-call, unlock — each a call to the n
    ///   nodes (this one and those connected to it), 2·(n−1) messages; plus a `monitor` and a
    ///   `demonitor` message from each other node's lock server on the caller's transaction
    ///   process, and more lock rounds, after a random backoff, while another writer holds the
    ///   group. The work on each server is the request's.
    @discardableResult
    public func write(_ request: GroupRequest) async throws -> Node.MulticallResult<Void> {
        try await write(request.group) { try await $0.perform(request) }
    }

    /// ``write(_:)`` with any call on each node's server, for experiments and tests.
    /// - Complexity: as `write(_:)`, with the cost of `call` on each server.
    @discardableResult
    public func write(
        _ name: GroupName, _ call: @escaping @Sendable (Server) async throws -> Void
    ) async throws -> Node.MulticallResult<Void> {
        _ = try Server.ensureStarted(on: node)
        return try await Global(node: node).trans(Self.lockResource(name)) {
            let everyone = ([node.name] + node.connectedNodes).sorted()
            return await node.multicall(everyone, Server.name, as: Server.self, call)
        }
    }

    // MARK: Reads: this node's table

    /// This node's table (starting its server if needed): the one its `Server` publishes. It is
    /// read straight from the node, never through a reference to another server type.
    ///
    /// The first read finds the table (pg2's `ensure_started`, then the node's registry) and
    /// keeps it; later reads check only that it is still current (``LocalTable/GroupTable/isRetired``,
    /// one atomic load). When the server ends or the node halts, the table retires, and the next
    /// read looks again — starting a new server with a new, empty table, as pg2 would.
    /// - Complexity: O(1); no registry look-up while the server runs.
    public var table: GroupTable {
        get throws {
            if let table = cache.table, !table.isRetired { return table }
            _ = try Server.ensureStarted(on: node)
            guard let table = node.table(PG2Server.tableName, as: GroupTable.self) else {
                throw CallError.noconnection(node.name)  // the node has crashed: it keeps no tables
            }
            cache.table = table
            return table
        }
    }

    /// `get_members(Name)`: this node's table, no message.
    /// - Complexity: O(1) when the group was not written since its last read; O(m log m) for m
    ///   distinct members on the first read after a write (the table's view cache).
    public func members(of name: GroupName) throws -> [Pid] { try table.members(of: name) }
    /// `get_local_members(Name)`. Complexity: as `members(of:)`.
    public func localMembers(of name: GroupName) throws -> [Pid] { try table.localMembers(of: name) }
    /// `which_groups()`. O(1), or O(g log g) for g groups on the first call after a group was
    /// created or deleted.
    public func whichGroups() throws -> [GroupName] { try table.groups() }
    /// `get_closest_pid(Name)`. Complexity: as `members(of:)`, plus one random draw.
    public func closestMember(of name: GroupName) throws -> Pid {
        var random = node.random
        return try ClosestMember.choose(in: name, table: table, using: &random)
    }
}

/// Where a ``ReplicatedPG2`` keeps the table it found, shared by its copies.
///
/// Read on every pg2 read, so it is one atomic load, not a lock: the current table is published
/// through an atomic unmanaged reference, and every table ever cached is also kept alive in
/// `kept` (a table is replaced only when its server ends, so the list stays short), which is what
/// makes the unretained load safe.
final class TableCache: Sendable {
    private let current = Atomic<Unmanaged<GroupTable>?>(nil)
    private let kept = Mutex<[GroupTable]>([])

    var table: GroupTable? {
        get { current.load(ordering: .acquiring)?.takeUnretainedValue() }
        set {
            guard let newValue else { return }
            kept.withLock { tables in
                if !tables.contains(where: { $0 === newValue }) { tables.append(newValue) }
            }
            current.store(Unmanaged.passUnretained(newValue), ordering: .releasing)
        }
    }
}

import Synchronization
