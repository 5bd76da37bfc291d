import Cluster
import LocalTable

/// pg2's API on one node: the writes go through the node's server, the reads go to its table.
///
/// ```swift
/// let pg2 = PG2(node: a)
/// try await pg2.create("chat")
/// try await pg2.join("chat", alice.id)
/// try pg2.members(of: "chat")        // [alice.id]  — no await: a table read
/// ```
///
/// Chapter 3 stops at one node: a write is one call to the local server. Chapters 4–5 wrap the
/// same call in a cluster-wide lock and send it to every node's server.
public struct PG2: Sendable {
    /// The node whose server and table this uses.
    public let node: Node

    /// The API on `node`. O(1); nothing starts until the first call.
    public init(node: Node) { self.node = node }

    /// The node's table, starting the server if it is not running (pg2 calls `ensure_started`
    /// in every API function).
    public var table: GroupTable {
        get throws {
            _ = try PG2Server.ensureStarted(on: node)
            guard let table = node.table(PG2Server.tableName, as: GroupTable.self) else {
                throw CallError.noconnection(node.name)  // the node has crashed: it keeps no tables
            }
            return table
        }
    }

    private var server: PG2Server { get throws { try PG2Server.ensureStarted(on: node) } }

    // MARK: Writes

    /// `create(Name)`: makes the group if it does not exist; ok if it does (no call at all then).
    /// - Complexity: O(1): registry and table look-ups, then, for a new group, one call to the
    ///   local server, O(1) there.
    public func create(_ name: GroupName) async throws {
        guard try !table.hasGroup(name) else { return }
        try await server.create(name)
    }

    /// `delete(Name)`: removes the group and every membership in it; ok for an unknown group too.
    /// - Complexity: one call to the local server, which does O(m log m) work for the group's m
    ///   distinct members, plus one `demonitor` message for each remote pid that leaves its last
    ///   group.
    public func delete(_ name: GroupName) async throws {
        try await server.delete(name)
    }

    /// `join(Name, Pid)`: adds one membership of `pid` — any pid, not only the caller's.
    /// - Complexity: one call to the local server, O(1) there whatever the group's size; plus one
    ///   `monitor` message if `pid` is remote and in no group yet.
    /// - Throws: ``LocalTable/PG2Error/noSuchGroup(_:)`` if the group does not exist on this node.
    public func join(_ name: GroupName, _ pid: Pid) async throws {
        guard try table.hasGroup(name) else { throw PG2Error.noSuchGroup(name) }
        try await server.join(name, pid)
    }

    /// `leave(Name, Pid)`: removes one membership; ok (and no change) if `pid` is not a member.
    /// - Complexity: one call to the local server, O(1) there whatever the group's size; plus one
    ///   `demonitor` message if `pid` is remote and this was its last membership.
    /// - Throws: ``LocalTable/PG2Error/noSuchGroup(_:)`` if the group does not exist on this node.
    public func leave(_ name: GroupName, _ pid: Pid) async throws {
        guard try table.hasGroup(name) else { throw PG2Error.noSuchGroup(name) }
        try await server.leave(name, pid)
    }

    // MARK: Reads — no call to the server

    /// `get_members(Name)`: every member, repeated by count, sorted by pid.
    /// - Complexity: O(1) when the group was not written since its last read; O(m log m) for m
    ///   distinct members on the first read after a write (the table's view cache).
    public func members(of name: GroupName) throws -> [Pid] { try table.members(of: name) }

    /// `get_local_members(Name)`: the members that live on this node.
    /// - Complexity: as `members(of:)`.
    public func localMembers(of name: GroupName) throws -> [Pid] { try table.localMembers(of: name) }

    /// `which_groups()`: every group on this node, sorted, empty ones included.
    /// - Complexity: O(1), or O(g log g) for g groups on the first call after a group was
    ///   created or deleted.
    public func whichGroups() throws -> [GroupName] { try table.groups() }

    /// `get_closest_pid(Name)`: a member to send to, preferring this node's; see ``ClosestMember``.
    /// - Complexity: as `members(of:)`, plus one random draw.
    public func closestMember(of name: GroupName) throws -> Pid {
        var random = node.random
        return try ClosestMember.choose(in: name, table: table, using: &random)
    }
}
