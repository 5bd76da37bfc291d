import Cluster
import Distributed
import LocalTable
import Monitors

/// One of the four writes of pg2's `handle_call`, as a value.
public enum GroupRequest: Hashable, Codable, Sendable {
    /// `{create, Name}`
    case create(GroupName)
    /// `{delete, Name}`
    case delete(GroupName)
    /// `{join, Name, Pid}`
    case join(GroupName, Pid)
    /// `{leave, Name, Pid}`
    case leave(GroupName, Pid)

    /// The group the request is about.
    public var group: GroupName {
        switch self {
        case .create(let name), .delete(let name), .join(let name, _), .leave(let name, _): name
        }
    }
}

/// What every pg2 server offers its callers: the four writes, and a name to be found by.
///
/// Chapter 3's ``PG2Server`` is one; chapter 6 adds a server that also exchanges tables with its
/// peers. Chapter 5's replicated writes are written against this protocol, so they reach either.
///
/// > Note: The requirement is a `nonisolated` ``perform(_:)`` that each server implements by
/// > calling its own distributed functions, rather than the distributed functions themselves:
/// > Swift 6.3's optimizer fails to load a module whose distributed actor satisfies a protocol's
/// > `distributed func` requirement declared in another module (a compiler crash in release
/// > builds), and a plain requirement sidesteps it.
public protocol GroupServer: DistributedActor where ActorSystem == Node {
    /// The name the server is registered under on every node (pg2's `?MODULE`, `pg2`).
    static var name: String { get }
    /// pg2's `ensure_started`: the node's server, started and registered if needed.
    static func ensureStarted(on node: Node) throws -> Self
    /// Makes `request` on this server — through the network if the server is remote — and waits
    /// for its `ok`.
    nonisolated func perform(_ request: GroupRequest) async throws
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
        WireTypes.register(PG2Error.self)  // so a caller on another node can rethrow it as itself
        let table = GroupTable(localNode: node.name)
        memberships = Memberships(table: table)
        // Owned by the server, as pg2's ETS table is owned by the pg2 process: when the server
        // ends, the table goes, and readers holding it see `isRetired`.
        if server.isWellKnown { node.publishTable(table, as: PG2Server.tableName, owner: server) }
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

    /// Joins every pid of `pids` (in order) as one write, if the group exists here: the merge's
    /// batch of `join_group`s.
    public mutating func joinAll(_ name: GroupName, _ pids: [Pid], monitoring: some MonitorService) {
        guard memberships.table.hasGroup(name) else { return }
        memberships.join(name, all: pids, monitoring: monitoring)
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

    /// `member_died` for every DOWN that arrived together, in one write.
    public mutating func membersDied(_ refs: [MonitorRef], monitoring: some MonitorService) {
        memberships.membersDied(refs, monitoring: monitoring)
    }
}

/// DOWNs that have arrived and not yet been handled, so that a burst — a node's loss reports
/// every member it held at once — is handled as one batch. Each server owns one.
public final class PendingDowns: Sendable {
    private let refs = Mutex<[MonitorRef]>([])

    public init() {}

    /// Adds `ref`; true if it is the first of a new batch (the caller then schedules one drain).
    func add(_ ref: MonitorRef) -> Bool {
        refs.withLock { refs in
            refs.append(ref)
            return refs.count == 1
        }
    }

    /// Every ref added since the last drain, in arrival order.
    func drain() -> [MonitorRef] { refs.withLock { refs in defer { refs = [] }; return refs } }
}

extension ServerCore {
    /// The node's monitors for `server`, reporting DOWNs back to it as a new task of the node —
    /// in effect a message queued behind the calls already waiting, as a `'DOWN'` in a
    /// gen_server's mailbox would be. DOWNs that arrive before that task runs join the same
    /// batch (`pending`), so a burst is handled in one write. The monitors belong to the server:
    /// if it exits, they go.
    public static func monitors<Server: DistributedActor>(
        for server: Server, pending: PendingDowns,
        membersDied: @escaping @Sendable (Server, [MonitorRef]) async -> Void
    ) -> NodeMonitors where Server.ActorSystem == Node {
        let node = server.actorSystem
        return NodeMonitors(node: node, owner: server.id) { [weak server] down in
            guard let server, pending.add(down.ref) else { return }
            node.spawn { await membersDied(server, pending.drain()) }
        }
    }
}

import Synchronization
