import Cluster
import Exchange
import LocalTable
import PG
import WorkbookSupport

/// A pg to drive: how to start its scope on a node, its writes and reads, and a way to hand a
/// node's scope a message as if a peer had sent it. ``pg`` is the workbook's (chapter 7's
/// ``PG/Scope``, scope `pg`); the tests plant others.
public struct PGSubject: Sendable {
    /// Starts the scope on `node`.
    public var start: @Sendable (_ node: Node) throws -> Void
    /// `join(pg, group, pids)`, called on `node` (every pid must live on `node`).
    public var join: @Sendable (_ group: GroupName, _ pids: [Pid], _ node: Node) async throws -> Void
    /// `leave(pg, group, pids)`, called on `node`.
    public var leave: @Sendable (_ group: GroupName, _ pids: [Pid], _ node: Node) async throws -> LeaveResult
    /// `get_members(pg, group)` on `node`: `[]` if the scope does not run there.
    public var members: @Sendable (_ group: GroupName, _ node: Node) -> [Pid]
    /// `which_groups(pg)` on `node`: `[]` if the scope does not run there.
    public var groups: @Sendable (_ node: Node) -> [GroupName]
    /// Whether the scope runs on `node` (it may have crashed).
    public var isRunning: @Sendable (_ node: Node) -> Bool
    /// Hands `node`'s scope `message` as if `message.peer` had sent it — what OTP's own test
    /// suite does to force a sync (`forced_sync`). The peer is a scope's pid, e.g.
    /// `Pid(named: "pg", on: "a")`.
    public var deliver: @Sendable (_ message: ScopeMessage, _ node: Node) async throws -> Void

    public init(
        start: @escaping @Sendable (_ node: Node) throws -> Void,
        join: @escaping @Sendable (_ group: GroupName, _ pids: [Pid], _ node: Node) async throws -> Void,
        leave: @escaping @Sendable (_ group: GroupName, _ pids: [Pid], _ node: Node) async throws -> LeaveResult,
        members: @escaping @Sendable (_ group: GroupName, _ node: Node) -> [Pid],
        groups: @escaping @Sendable (_ node: Node) -> [GroupName],
        isRunning: @escaping @Sendable (_ node: Node) -> Bool,
        deliver: @escaping @Sendable (_ message: ScopeMessage, _ node: Node) async throws -> Void
    ) {
        (self.start, self.join, self.leave, self.members) = (start, join, leave, members)
        (self.groups, self.isRunning, self.deliver) = (groups, isRunning, deliver)
    }

    /// The scope's name every subject uses.
    public static let scope: ScopeName = "pg"

    /// The pid of the scope on `node`: the `peer` of the messages it sends.
    public static func scopePid(on node: Node) -> Pid { Pid(named: scope, on: node.name) }

    /// The workbook's pg: chapter 7's ``PG/Scope``.
    public static let pg = PGSubject(
        start: { node in try Scope.start(scope, on: node) },
        join: { group, pids, node in try await ScopeClient(scope, node: node).join(group, .list(pids)) },
        leave: { group, pids, node in try await ScopeClient(scope, node: node).leave(group, .list(pids)) },
        members: { group, node in ScopeClient(scope, node: node).members(of: group) },
        groups: { node in (try? ScopeClient(scope, node: node).whichGroups()) ?? [] },
        isRunning: { node in node.whereis(scope) != nil },
        deliver: { message, node in
            let target = try node.resolve(scopePid(on: node), as: Scope.self)
            switch message {
            case .discover(let peer): try await target.discover(peer)
            case .sync(let peer, let groups): try await target.sync(peer, groups)
            case .join(let peer, let group, let pids): try await target.join(peer, group, pids)
            case .leave(let peer, let pids, let groups): try await target.leave(peer, pids, groups)
            }
        })
}

/// ## Exercise 7.1 — Replace, don't merge
///
/// **The situation.** A ride-hailing backend keeps one pg group per city of the drivers'
/// session processes. After a bad night of network flaps the on-call engineer finds a node that
/// lists a driver who logged out an hour ago, and four candidate builds of the scope server on
/// the build farm. Which of them does what pg does when a peer reports in?
///
/// **Your task.** Write ``syncReplaces(_:seed:)``: a scenario, in a simulation of your own
/// (`Simulation(seed: seed)`), that drives `pg` and returns true if its scopes behave as pg's
/// do when a peer reports its state — the report *replaces* everything known from that peer —
/// and false if they merge it in some way. Edit only this function.
/// - Start `pg` on every node with `pg.start`; join and leave only through `pg`, and only pids
///   of the node you call on (`node.spawnProcess()`).
/// - Cut and mend links with `sim.disconnect`, `sim.reconnect` (or `partition` and `heal`), and
///   let everything settle with `try await sim.quiescence()` before you read.
/// - `pg.deliver` hands a scope a message as if a peer had sent it: OTP's own suite forces a
///   sync that way. A sync from scope `Pid(named: "pg", on: "a")` is
///   `.sync(peer: PGSubject.scopePid(on: a), groups: [GroupSnapshot(name: "g", members: […])])`.
///
/// The tests run your scenario on the workbook's pg, where it must return true, and on three
/// planted builds, where it must return false.
///
/// **Why it matters in pg.** pg2 merged tables on reconnect and could never take anything back
/// (anomalies A1–A3 of Chapters/PG2Rules.md). pg's `handle_sync` instead overrides all
/// knowledge of the peer with what the peer sends (rule D3 of Chapters/PGRules.md), and drops
/// all of it when the peer is lost (rule D6). A node is the only authority on its own processes.
///
/// **Hints:** `swift run workbook hint 7.1` (three levels).
public func syncReplaces(_ pg: PGSubject, seed: UInt64) async throws -> Bool {
    // Two checks, because a merge shows in two places. A lost peer must be forgotten, so a member
    // that leaves while the link is cut must not come back with the heal's sync. And a report must
    // replace what was known: a forged sync from a, naming g with one entry of p's two and leaving
    // h out, must leave b with exactly that — no second p (a maximum), no h (a kept group).
    let sim = Simulation(seed: seed)
    let (a, b) = (sim.addNode("a"), sim.addNode("b"))
    let p = a.spawnProcess(), q = a.spawnProcess()
    try await sim.run { for node in [a, b] { try pg.start(node) } }
    try await sim.quiescence()
    try await sim.run {
        try await pg.join("g", [p.id, p.id], a)
        try await pg.join("h", [p.id], a)
        try await pg.join("gone", [q.id], a)
    }
    try await sim.quiescence()
    sim.disconnect("a", "b")
    try await sim.quiescence()
    try await sim.run { _ = try await pg.leave("gone", [q.id], a) }
    sim.reconnect("a", "b")
    try await sim.quiescence()
    let forgotten = pg.members("gone", b).isEmpty && pg.members("g", b) == [p.id, p.id]
    let sync = ScopeMessage.sync(peer: PGSubject.scopePid(on: a), groups: [GroupSnapshot(name: "g", members: [p.id])])
    try await sim.run { try await pg.deliver(sync, b) }
    let replaced = pg.members("g", b) == [p.id] && pg.members("h", b).isEmpty
    withExtendedLifetime((p, q)) {}
    return forgotten && replaced
}
