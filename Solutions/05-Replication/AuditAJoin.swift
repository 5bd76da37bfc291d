import Cluster
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import WorkbookSupport

/// A replicated join, called on `node`: pg2's (``pg2Join``), or one the tests plant.
public typealias GroupJoin = @Sendable (_ name: GroupName, _ pid: Pid, _ node: Node) async throws -> Void

/// pg2's join, chapter 5's ``Replication/ReplicatedPG2/join(_:_:)`` over chapter 3's server.
public let pg2Join: GroupJoin = { name, pid, node in
    try await ReplicatedPG2<PG2Server>(node: node).join(name, pid)
}

/// What can be wrong with a replicated join.
public enum JoinFlaw: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// When the join returns, some connected node's table does not list the pid.
    case notOnEveryNode
    /// The join goes ahead while another writer holds the group's lock.
    case ignoresTheLock
    /// It calls the nodes' servers one after another instead of all at once, so it takes longer
    /// the more nodes there are.
    case oneNodeAtATime

    public var description: String { rawValue }
}

/// ## Exercise 5.2 — Audit a replicated join
///
/// **The situation.** A support desk adds agents to team groups with pg2, and three rewrites of
/// the join are on the table: one is faster because it writes only the node the agent connects
/// to, one because it skips the lock, one because it is "simpler" and calls each node in turn.
/// Each passes a quick check on one node. You are asked for an audit: a scenario that runs any
/// join in a cluster and lists everything that is wrong with it.
///
/// **Your task.** Write ``flaws(of:seed:)``: in simulations of your own (seeded with `seed`),
/// drive `join` and return the set of ``JoinFlaw``s it shows — empty for a join that behaves as
/// pg2's. Edit only this function.
/// - Start chapter 3's ``SingleNodeServer/PG2Server`` and a lock server on every node, and create
///   groups with `ReplicatedPG2<PG2Server>(node:).create(_:)`; join only through `join`.
/// - A lock another writer holds is yours to arrange: the group's resource is
///   ``Replication/ReplicatedPG2/lockResource(_:)``, set on every node for some other requester.
/// - Time is yours to measure: `sim.now`, and `NetworkOptions(minDelay:maxDelay:)` makes every
///   message take exactly as long as you say.
///
/// The tests run your audit on pg2's join (``pg2Join``), which must show no flaw, and on three
/// planted joins, each with exactly one flaw, which your audit must name — that one and no other.
///
/// **Why it matters in pg2.** pg2's `join/2` is `global:trans` around one `gen_server:multi_call`:
/// the lock makes two writes to a group apply in the same order on every node (rule 10 of
/// Chapters/PG2Rules.md); the multi-call waits for every node, so the write is visible everywhere
/// when it returns (rule 9); and it sends to every node before it waits for any, so a write costs
/// three round trips however many nodes there are.
///
/// **Hints:** `swift run workbook hint 5.2` (three levels).
public func flaws(of join: @escaping GroupJoin, seed: UInt64) async throws -> Set<JoinFlaw> {
    // Two runs. In the first every message takes exactly 1 ms: pg2's join on four nodes is three
    // round trips, 6 ms, and lists the pid on every node when it returns; calling three remote
    // nodes in turn would take 4 ms longer. In the second a rival holds the group's lock
    // everywhere: for a second of virtual time the join must not return, nor show anywhere.
    let exact = NetworkOptions(minDelay: .milliseconds(1), maxDelay: .milliseconds(1))
    let sim = Simulation(seed: seed, network: exact)
    let nodes: [Node] = ["a", "b", "c", "d"].map { sim.addNode($0) }
    let first = nodes[3].spawnProcess(), second = nodes[2].spawnProcess(), rival = nodes[1].spawnProcess()
    @Sendable func lists(_ pid: Pid) throws -> [Bool] {
        try nodes.map { try ReplicatedPG2<PG2Server>(node: $0).members(of: "g").contains(pid) }
    }
    var found = try await sim.run { () -> Set<JoinFlaw> in
        for node in nodes {
            _ = try PG2Server.ensureStarted(on: node)
            _ = try LockServer.ensureStarted(on: node)
        }
        try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("g")
        let start = sim.now
        try await join("g", first.id, nodes[0])
        var found: Set<JoinFlaw> = []
        if sim.now - start > .milliseconds(6) { found.insert(.oneNodeAtATime) }
        if try lists(first.id).contains(false) { found.insert(.notOnEveryNode) }
        let held = LockID(resource: ReplicatedPG2<PG2Server>.lockResource("g"), requester: rival.id)
        for node in nodes { _ = try await LockServer.ensureStarted(on: node).setLock(held, holder: rival.id) }
        return found
    }
    let returned = nodes[0].spawn { try await join("g", second.id, nodes[0]) }
    try await sim.run(for: .seconds(1))
    if try lists(second.id).contains(true) { found.insert(.ignoresTheLock) }
    returned.cancel()
    withExtendedLifetime((first, second, rival)) {}
    return found
}
