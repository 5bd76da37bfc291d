import Cluster
import Exchange
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import WorkbookSupport

/// A pg2 to drive: how to start it on a node, three of its writes, and its member read.
/// ``pg2`` is the workbook's; the tests plant others.
public struct PG2Subject: Sendable {
    /// Starts everything the node needs (its pg2 server and its lock server).
    public var start: @Sendable (_ node: Node) throws -> Void
    /// `create(name)`, called on `node`.
    public var create: @Sendable (_ name: GroupName, _ node: Node) async throws -> Void
    /// `join(name, pid)`, called on `node`.
    public var join: @Sendable (_ name: GroupName, _ pid: Pid, _ node: Node) async throws -> Void
    /// `leave(name, pid)`, called on `node`.
    public var leave: @Sendable (_ name: GroupName, _ pid: Pid, _ node: Node) async throws -> Void
    /// `members(of: name)` on `node`'s table.
    public var members: @Sendable (_ name: GroupName, _ node: Node) throws -> [Pid]

    public init(
        start: @escaping @Sendable (_ node: Node) throws -> Void,
        create: @escaping @Sendable (_ name: GroupName, _ node: Node) async throws -> Void,
        join: @escaping @Sendable (_ name: GroupName, _ pid: Pid, _ node: Node) async throws -> Void,
        leave: @escaping @Sendable (_ name: GroupName, _ pid: Pid, _ node: Node) async throws -> Void,
        members: @escaping @Sendable (_ name: GroupName, _ node: Node) throws -> [Pid]
    ) {
        (self.start, self.create, self.join, self.leave, self.members) = (start, create, join, leave, members)
    }

    /// Chapter 5's replicated writes over `server`, with a lock server on every node.
    public static func replicated<Server: GroupServer>(_ server: Server.Type) -> PG2Subject {
        PG2Subject(
            start: { node in
                _ = try Server.ensureStarted(on: node)
                _ = try LockServer.ensureStarted(on: node)
            },
            create: { name, node in try await ReplicatedPG2<Server>(node: node).create(name) },
            join: { name, pid, node in try await ReplicatedPG2<Server>(node: node).join(name, pid) },
            leave: { name, pid, node in try await ReplicatedPG2<Server>(node: node).leave(name, pid) },
            members: { name, node in try ReplicatedPG2<Server>(node: node).members(of: name) })
    }

    /// The workbook's pg2: chapter 6's ``Exchange/ExchangeServer``.
    public static let pg2 = replicated(ExchangeServer.self)
}

/// What a node does with a peer's count of a member when their tables meet.
public enum MergeRule: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Each pid's count becomes the larger of the two.
    case maximum
    /// The two counts add up.
    case sum
    /// For each pid the peer lists, the receiver takes the peer's count.
    case peersCount
    /// Nothing is merged: the servers never exchange their tables.
    case noMerge

    public var description: String { rawValue }
}

/// ## Exercise 6.2 — Which merge is it?
///
/// **The situation.** A game studio's matchmaking keeps a pg2 group of players per region, and
/// a player can join a region more than once (one entry per open session). After every network
/// incident the counts look a little off, and three engineers blame three different merges. You
/// are handed four builds of the group servers and asked which merge each one does — "they all
/// look fine on one node".
///
/// **Your task.** Write ``mergeRule(of:seed:)``: a scenario, in a simulation of your own
/// (`Simulation(seed: seed)`), that drives `pg2` and returns the ``MergeRule`` its servers
/// follow when two tables meet. Edit only this function.
/// - Start `pg2` on every node with `pg2.start`, and write and read only through `pg2`.
/// - Cut and mend links with `sim.disconnect`, `sim.reconnect` (or `partition` and `heal`), and
///   let the exchanges run with `try await sim.quiescence()` before you read.
/// - Members are processes (`node.spawnProcess()`); remember that a node forgets the members
///   whose node it cannot reach.
///
/// The tests run your scenario on the workbook's pg2 (``PG2Subject/pg2``), whose answer must be
/// ``MergeRule/maximum``, and on three planted builds, one for each other rule.
///
/// **Why it matters in pg2.** When tables meet, pg2's `store/1` joins each pid of
/// `Members -- group_members(Name)`, so a pid listed r times by the peer and l times here ends
/// at max(l, r): never counted twice, but a join made on each side of a cut can collapse into one
/// (anomaly A3 of Chapters/PG2Rules.md). A sum would count what both sides already shared; taking
/// the peer's word would let a stale table undo a newer one. None of the three is "the truth".
///
/// **Hints:** `swift run workbook hint 6.2` (three levels).
public func mergeRule(of pg2: PG2Subject, seed: UInt64) async throws -> MergeRule {
    // p lives on c, which both a and b keep seeing while the a–b link is down. a joins p twice
    // (a and c count 2), b once (b counts 1, c 3). When a–b is mended only a and b exchange, and
    // their counts of p differ for each rule: max 2 and 2, sum 3 and 3, peer's count 1 and 2,
    // no merge 2 and 1.
    let sim = Simulation(seed: seed)
    let nodes: [Node] = ["a", "b", "c"].map { sim.addNode($0) }
    let p = nodes[2].spawnProcess()
    try await sim.run {
        for node in nodes { try pg2.start(node) }
        try await pg2.create("g", nodes[0])
    }
    sim.disconnect("a", "b")
    try await sim.quiescence()
    try await sim.run {
        try await pg2.join("g", p.id, nodes[0])
        try await pg2.join("g", p.id, nodes[0])
        try await pg2.join("g", p.id, nodes[1])
    }
    sim.reconnect("a", "b")
    try await sim.quiescence()
    let counts = try [nodes[0], nodes[1]].map { node in try pg2.members("g", node).filter { $0 == p.id }.count }
    withExtendedLifetime(p) {}
    switch (counts[0], counts[1]) {
    case (2, 2): return .maximum
    case (3, 3): return .sum
    case (1, 2): return .peersCount
    default: return .noMerge
    }
}
