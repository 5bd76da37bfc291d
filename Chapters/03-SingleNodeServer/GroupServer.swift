import Cluster
import Distributed
import LocalTable
import Monitors

/// What every pg2 server offers its callers: the four writes of pg2's `handle_call`.
///
/// Chapter 3's ``PG2Server`` is one; chapter 6 adds a server that also exchanges tables with its
/// peers. Chapter 5's replicated writes are written against this protocol, so they reach either.
public protocol GroupServer: DistributedActor where ActorSystem == Node {
    /// The name the server is registered under on every node (pg2's `?MODULE`, `pg2`).
    static var name: String { get }
    /// `{create, Name}`
    distributed func create(_ name: GroupName)
    /// `{delete, Name}`
    distributed func delete(_ name: GroupName)
    /// `{join, Name, Pid}`
    distributed func join(_ name: GroupName, _ pid: Pid)
    /// `{leave, Name, Pid}`
    distributed func leave(_ name: GroupName, _ pid: Pid)
    /// pg2's `ensure_started`: the node's server, started and registered if needed.
    static func ensureStarted(on node: Node) throws -> Self
}

/// A pg2 server's state and its handling of the four writes and of DOWN: what `handle_call` and
/// `handle_info({'DOWN', …})` do to the table, without the actor around it.
///
/// Every pg2 server actor holds one of these and forwards to it, so the logic is written once.
public struct ServerCore: Sendable {
    /// The table and its monitors.
    public private(set) var memberships: Memberships

    /// An empty table for `node`, published there as ``PG2Server/tableName`` for readers — but
    /// only by the node's registered server (`server` is its pid): an actor that lost the race
    /// for the name `pg2` must not replace the real server's table with its own empty one.
    public init(node: Node, server: Pid) {
        let table = GroupTable(localNode: node.name)
        memberships = Memberships(table: table)
        if server.isWellKnown { node.publishTable(table, as: PG2Server.tableName) }
    }

    /// The table readers see.
    public var table: GroupTable { memberships.table }

    /// `assure_group`.
    public mutating func create(_ name: GroupName) {
        memberships.table.assureGroup(name)
    }

    /// `delete_group`.
    public mutating func delete(_ name: GroupName, monitoring: some MonitorService) {
        memberships.delete(name, monitoring: monitoring)
    }

    /// `join_group`, if the group exists here; otherwise nothing (the caller still gets ok).
    public mutating func join(_ name: GroupName, _ pid: Pid, monitoring: some MonitorService) {
        guard memberships.table.hasGroup(name) else { return }
        memberships.join(name, pid, monitoring: monitoring)
    }

    /// `leave_group`, if the group exists here.
    public mutating func leave(_ name: GroupName, _ pid: Pid, monitoring: some MonitorService) {
        guard memberships.table.hasGroup(name) else { return }
        memberships.leave(name, pid, monitoring: monitoring)
    }

    /// `member_died`.
    public mutating func memberDied(_ ref: MonitorRef, monitoring: some MonitorService) {
        memberships.memberDied(ref, monitoring: monitoring)
    }
}
