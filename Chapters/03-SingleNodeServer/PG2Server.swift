import Cluster
import Distributed
import LocalTable
import Monitors

/// The pg2 server of one node: the only writer of the node's table.
///
/// In pg2 this is a `gen_server` registered as `pg2`. Its state is the ETS table; its calls are
/// `{create, Name}`, `{delete, Name}`, `{join, Name, Pid}` and `{leave, Name, Pid}`, each answered
/// `ok`; its other input here is the `'DOWN'` of the monitors it holds (chapter 6 adds the node
/// events and the exchange of tables between servers). Here it is a distributed actor registered
/// as ``name`` — so chapter 5 can call it from other nodes — whose distributed functions are those
/// four calls, and whose monitors report to ``membersDied(_:)``.
///
/// The actor serialises writes as the gen_server's mailbox does: one call's change to the table
/// is complete before the next begins, because no write function suspends.
///
/// > Note: A gen_server runs one message to completion. A Swift actor lets another call in at
/// > every `await` inside a method (re-entrancy). The server's functions here never `await`, so
/// > each is atomic; chapter 5's callers, which do await, must not assume the table stays still
/// > between their awaits.
public distributed actor PG2Server: GroupServer {
    public typealias ActorSystem = Node

    /// The name every node's pg2 server is registered under (pg2's `?MODULE`).
    public static let name = "pg2"
    /// The name of the table it publishes on its node (pg2's `pg2_table`).
    public static let tableName = "pg2_table"

    /// The table and its monitors (pg2's `pg2_table`).
    private let memberships: Memberships
    /// The server's DOWNs: those that arrive together are handled as one batch.
    private let downs = DownInbox<PG2Server> { server, downs in server.membersDied(downs.map(\.ref)) }

    /// A server with an empty table, published on its node as ``tableName``.
    ///
    /// Use ``Cluster/NamedServer/ensureStarted(on:)`` rather than this: a server must be
    /// registered as ``name`` for its peers to find it.
    /// - Complexity: O(1).
    public init(actorSystem: Node) {
        self.actorSystem = actorSystem
        memberships = Memberships(node: actorSystem, server: id)
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

    // MARK: The calls (pg2's handle_call)

    /// `{create, Name}`: `assure_group`.
    /// - Complexity: O(1) here; a caller on another node adds a message each way.
    public distributed func create(_ name: GroupName) {
        memberships.create(name)
    }

    /// `{delete, Name}`: `delete_group` — every member leaves, monitors are released, the group goes.
    /// - Complexity: O(m log m) for the group's m distinct members, one write; plus one
    ///   `demonitor` message for each remote pid that leaves its last group. A caller on another
    ///   node adds a message each way.
    public distributed func delete(_ name: GroupName) {
        memberships.delete(name, monitoring: monitors)
    }

    /// `{join, Name, Pid}`: joins only if the group exists *here* — a server that lacks the group
    /// skips the join and still answers ok (in a cluster: anomaly A5 of Chapters/PG2Rules.md,
    /// chapter 5).
    /// - Complexity: O(log g) for g groups, whatever the group's size, plus one `monitor` message
    ///   if `pid` is remote and in no group yet. A caller on another node adds a message each way.
    public distributed func join(_ name: GroupName, _ pid: Pid) {
        memberships.join(name, pid, monitoring: monitors)
    }

    /// `{leave, Name, Pid}`: leaves only if the group exists here; a non-member leave changes nothing.
    /// - Complexity: O(log g) for g groups, whatever the group's size, plus one `demonitor`
    ///   message if `pid` is remote and this was its last membership. A caller on another node
    ///   adds a message each way.
    public distributed func leave(_ name: GroupName, _ pid: Pid) {
        memberships.leave(name, pid, monitoring: monitors)
    }

    // MARK: DOWN (pg2's handle_info)

    /// `{'DOWN', Ref, process, Pid, Info}`: `member_died`, for every DOWN that arrived together
    /// (a gen_server would take them one message at a time; the end state is the same).
    func membersDied(_ refs: [MonitorRef]) {
        memberships.membersDied(refs, monitoring: monitors)
    }

    /// The node's monitors, owned by this server (they go when it ends), each DOWN delivered
    /// through ``downs`` to ``membersDied(_:)``.
    private var monitors: NodeMonitors { NodeMonitors(for: self, into: downs) }

    // MARK: Checks (for tests)

    /// Checks the table's and the monitors' invariants over the whole table (tests check after
    /// every step, as OTP's pg2_SUITE does with `sane/0`; debug builds check what each write
    /// touched as it happens).
    package distributed func checkInvariants() throws -> Bool {
        try memberships.checkInvariants()
        return true
    }

    /// Whether the table and the monitor rows are completely empty.
    package distributed func isEmpty() -> Bool { memberships.isEmpty }
}
