import Cluster
import Distributed
import LocalTable
import Monitors
import SingleNodeServer

/// The complete pg2 server: chapter 3's server, plus the exchange of tables with its peers.
///
/// What it adds to ``SingleNodeServer/PG2Server``, each a clause of pg2's gen_server:
/// - at start (`init/1`, here ``didRegister()``, which runs once the server holds the name
///   `pg2`): tell every connected node's server "a new pg2 is here" (`new_pg2`), and treat every
///   connected node as just come up;
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

    /// The table and its monitors (pg2's `pg2_table`).
    private let memberships: Memberships
    /// The server's DOWNs: those that arrive together are handled as one batch.
    private let downs = DownInbox<ExchangeServer> { server, downs in server.membersDied(downs.map(\.ref)) }

    /// Use ``Cluster/NamedServer/ensureStarted(on:)``. O(1).
    public init(actorSystem: Node) {
        self.actorSystem = actorSystem
        memberships = Memberships(node: actorSystem, server: id)
    }

    /// pg2's `init/1`, once the server is registered: `net_kernel:monitor_nodes(true)`, whose
    /// first events are a nodeUp per node connected *now* — pg2's `self() ! {nodeup, N}` for each
    /// N in `nodes()` — and then every later one; and `{new_pg2, node()}` to each of those nodes.
    /// A server that lost the race for the name never gets here, so it sends nothing.
    /// - Complexity: O(n) for n connected nodes: one `new_pg2` cast to each, and one node-event
    ///   subscription.
    public nonisolated func didRegister() {
        let node = actorSystem
        node.monitorNodes(for: self, nodeUp: { server, peer in server.nodeUp(peer) })
        for peer in node.connectedNodes {
            if let remote = try? node.resolve(Self.name, on: peer, as: ExchangeServer.self) {
                node.cast(remote) { try await $0.newPG2(from: node.name) }
            }
        }
    }

    /// Whether `server` is the actor registered as ``name`` on `node` right now.
    static func isRegistered(_ server: ExchangeServer, on node: Node) -> Bool {
        (try? node.resolve(name, on: node.name, as: ExchangeServer.self)) === server
    }

    /// ``SingleNodeServer/GroupServer/perform(_:)``: one of the four calls below, by value. Cost:
    /// that call's (a message each way when the server is on another node).
    public nonisolated func perform(_ request: GroupRequest) async throws {
        switch request {
        case .create(let name): try await create(name)
        case .delete(let name): try await delete(name)
        case .join(let name, let pid): try await join(name, pid)
        case .leave(let name, let pid): try await leave(name, pid)
        }
    }

    // MARK: The calls (as chapter 3)

    /// `{create, Name}`: `assure_group`. O(1); a caller on another node adds a message each way.
    public distributed func create(_ name: GroupName) { memberships.create(name) }
    /// `{delete, Name}`: `delete_group`. O(m log m) for the group's m distinct members, plus a
    /// `demonitor` message for each remote pid that leaves its last group; a caller on another
    /// node adds a message each way.
    public distributed func delete(_ name: GroupName) { memberships.delete(name, monitoring: monitors) }
    /// `{join, Name, Pid}`, if the group exists here. O(log g) for g groups, whatever the group's
    /// size, plus a `monitor` message if `pid` is remote and in no group yet; a caller on another
    /// node adds a message each way.
    public distributed func join(_ name: GroupName, _ pid: Pid) { memberships.join(name, pid, monitoring: monitors) }
    /// `{leave, Name, Pid}`; a non-member leave changes nothing. O(log g) for g groups, whatever
    /// the group's size, plus a `demonitor` message if `pid` is remote and this was its last
    /// membership; a caller on another node adds a message each way.
    public distributed func leave(_ name: GroupName, _ pid: Pid) { memberships.leave(name, pid, monitoring: monitors) }

    // MARK: The exchange

    /// `{nodeup, Node}`: a peer connected (or was connected when we started); send it our table.
    func nodeUp(_ peer: NodeName) { sendExchange(to: peer) }

    /// `{new_pg2, Node}`: a server just started on `peer`; send it our table.
    /// - Complexity: one cast to `peer` — a single message carrying the whole table, O(E) to
    ///   encode for its E member entries. Taking the snapshot is O(g) for g groups from the
    ///   table's cached views, plus O(m log m) for each group of m distinct members written since
    ///   its last read. (It arrives as a cast: one message in, no reply.)
    public distributed func newPG2(from peer: NodeName) { sendExchange(to: peer) }

    /// `{exchange, Node, AllMembers}`: merge a peer's table into ours.
    /// - Complexity: O(R) for the R member entries of `groups`, whatever the size of the local
    ///   groups (``Merge/store(_:into:monitoring:)``), plus O(log g) for each group that gains
    ///   members (g groups here), and a `monitor` message for each remote pid new to this node.
    ///   (It arrives as a cast: one message, no reply.)
    public distributed func exchange(from peer: NodeName, groups: [GroupSnapshot]) {
        Merge.store(groups, into: memberships, monitoring: monitors)
    }

    /// Casts our whole table to `peer`'s server (`gen_server:cast({pg2, Node}, {exchange, …})`).
    func sendExchange(to peer: NodeName) {
        let node = actorSystem
        guard Self.isRegistered(self, on: node) else { return }
        let snapshot = GroupSnapshot.all(of: memberships.table)
        guard let remote = try? node.resolve(Self.name, on: peer, as: ExchangeServer.self) else { return }
        node.cast(remote) { try await $0.exchange(from: node.name, groups: snapshot) }
    }

    // MARK: DOWN, and checks

    /// `member_died` for every DOWN that arrived together (see ``Cluster/DownInbox``).
    func membersDied(_ refs: [MonitorRef]) { memberships.membersDied(refs, monitoring: monitors) }

    /// The node's monitors, owned by this server, each DOWN delivered through ``downs``.
    private var monitors: NodeMonitors { NodeMonitors(for: self, into: downs) }

    /// Checks the table's and the monitors' invariants over the whole table (for tests).
    package distributed func checkInvariants() throws -> Bool {
        try memberships.checkInvariants()
        return true
    }

    /// Whether the table and the monitor rows are completely empty (for tests).
    package distributed func isEmpty() -> Bool { memberships.isEmpty }
}
