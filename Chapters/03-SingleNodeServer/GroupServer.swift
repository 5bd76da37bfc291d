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
/// Being a ``Cluster/NamedServer``, every pg2 server gets pg2's `ensure_started` from it, written
/// once: ``Cluster/NamedServer/ensureStarted(on:)``.
///
/// > Note: The requirement is a `nonisolated` ``perform(_:)`` that each server implements by
/// > calling its own distributed functions, rather than the distributed functions themselves:
/// > Swift 6.3's optimizer fails to load a module whose distributed actor satisfies a protocol's
/// > `distributed func` requirement declared in another module (a compiler crash in release
/// > builds), and a plain requirement sidesteps it.
public protocol GroupServer: NamedServer {
    /// Makes `request` on this server — through the network if the server is remote — and waits
    /// for its `ok`.
    nonisolated func perform(_ request: GroupRequest) async throws
}

extension Memberships {
    /// The memberships of `server`, the pg2 server of `node`: an empty table, published there as
    /// ``SingleNodeServer/PG2Server/tableName`` for readers — but only by the node's registered server (`server` is
    /// its pid): an actor that lost the race for the name `pg2` must not replace the real
    /// server's table with its own empty one.
    /// O(1): an empty table, published under a name.
    public convenience init(node: Node, server: Pid) {
        WireTypes.register(PG2Error.self)  // so a caller on another node can rethrow it as itself
        self.init(localNode: node.name)
        // Owned by the server, as pg2's ETS table is owned by the pg2 process: when the server
        // ends, the table goes, and readers holding it see `isRetired`.
        if server.isWellKnown { node.publishTable(table, as: PG2Server.tableName, owner: server) }
    }
}
