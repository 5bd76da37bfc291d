import Cluster
import Distributed
import LocalTable
import Monitors
import SingleNodeServer

/// The complete pg2 server: chapter 3's server, plus the exchange of tables with its peers.
///
/// What it adds to ``SingleNodeServer/PG2Server``, each a clause of pg2's gen_server:
/// - at start (`init/1`): tell every connected node's server "a new pg2 is here" (`new_pg2`),
///   and treat every connected node as just come up;
/// - on `nodeup` (`handle_info({nodeup, Node})`): send that node's server our whole table
///   (`{exchange, node(), all_members()}`, a cast);
/// - on `new_pg2` from a peer: the same — send it our table;
/// - on `exchange` (`handle_cast({exchange, …})`): merge the peer's table into ours (`store`).
///
/// Nothing here takes the global lock: the exchange races freely with writes (anomaly A4).
public distributed actor ExchangeServer: GroupServer {
    public typealias ActorSystem = Node

    /// Registered under the same name as pg2's server: it *is* the node's pg2 server.
    public static let name = PG2Server.name

    private var core: ServerCore
    /// DOWNs that arrived and wait to be handled as one batch.
    private let pendingDowns = PendingDowns()

    /// Use ``ensureStarted(on:)``.
    public init(actorSystem: Node) {
        self.actorSystem = actorSystem
        core = ServerCore(node: actorSystem, server: id)
        // Subscribe first: the stream starts with a nodeUp per node connected *now* — pg2's
        // `self() ! {nodeup, N}` for each N in nodes() — and then reports every later one.
        let events = actorSystem.nodeEvents()
        let peers = actorSystem.connectedNodes
        let node = actorSystem
        node.spawn { [weak self] in
            for await event in events {
                // Stop once this actor is no longer the node's pg2 server (it exited, perhaps
                // replaced by a new one): an old server must not ship its stale table.
                guard let server = self, Self.isRegistered(server, on: node) else { return }
                if case .nodeUp(let peer) = event { await server.whenLocal { $0.sendExchange(to: peer) } }
            }
        }
        for peer in peers {
            let me = node.name
            if let remote = try? node.resolve(Self.name, on: peer, as: ExchangeServer.self) {
                node.cast(remote) { try await $0.newPG2(from: me) }
            }
        }
    }

    /// Whether `server` is the actor registered as ``name`` on `node` right now.
    static func isRegistered(_ server: ExchangeServer, on node: Node) -> Bool {
        (try? node.resolve(name, on: node.name, as: ExchangeServer.self)) === server
    }

    /// pg2's `ensure_started`.
    public static func ensureStarted(on node: Node) throws -> ExchangeServer {
        if node.whereis(name) == nil {
            do {
                return try node.register(name) { ExchangeServer(actorSystem: node) }
            } catch is Node.NameTaken {}
        }
        return try node.resolve(name, on: node.name)
    }

    /// ``SingleNodeServer/GroupServer/perform(_:)``: one of the four calls below, by value.
    public nonisolated func perform(_ request: GroupRequest) async throws {
        switch request {
        case .create(let name): try await create(name)
        case .delete(let name): try await delete(name)
        case .join(let name, let pid): try await join(name, pid)
        case .leave(let name, let pid): try await leave(name, pid)
        }
    }

    // MARK: The calls (as chapter 3)

    public distributed func create(_ name: GroupName) { core.create(name) }
    public distributed func delete(_ name: GroupName) { core.delete(name, monitoring: monitors) }
    public distributed func join(_ name: GroupName, _ pid: Pid) { core.join(name, pid, monitoring: monitors) }
    public distributed func leave(_ name: GroupName, _ pid: Pid) { core.leave(name, pid, monitoring: monitors) }

    // MARK: The exchange

    /// `{new_pg2, Node}`: a server just started on `peer`; send it our table.
    public distributed func newPG2(from peer: NodeName) { sendExchange(to: peer) }

    /// `{exchange, Node, AllMembers}`: merge a peer's table into ours.
    public distributed func exchange(from peer: NodeName, groups: [GroupSnapshot]) {
        Merge.store(groups, into: &core, monitoring: monitors)
    }

    /// Casts our whole table to `peer`'s server (`gen_server:cast({pg2, Node}, {exchange, …})`).
    func sendExchange(to peer: NodeName) {
        let node = actorSystem
        guard Self.isRegistered(self, on: node) else { return }
        let snapshot = GroupSnapshot.all(of: core.table)
        guard let remote = try? node.resolve(Self.name, on: peer, as: ExchangeServer.self) else { return }
        node.cast(remote) { try await $0.exchange(from: node.name, groups: snapshot) }
    }

    // MARK: DOWN, and checks

    /// `member_died` for every DOWN that arrived together (see ``SingleNodeServer/PendingDowns``).
    func membersDied(_ refs: [MonitorRef]) { core.membersDied(refs, monitoring: monitors) }

    /// Checks the table's and the monitors' invariants.
    public distributed func checkInvariants() throws -> Bool {
        try core.memberships.checkInvariants()
        return true
    }

    /// Whether the table and the monitor rows are completely empty.
    public distributed func isEmpty() -> Bool { core.memberships.isEmpty }

    /// The node's monitors, with every DOWN handed back to ``membersDied(_:)``.
    private var monitors: NodeMonitors {
        ServerCore.monitors(for: self, pending: pendingDowns) { server, refs in
            await server.whenLocal { $0.membersDied(refs) }
        }
    }
}
