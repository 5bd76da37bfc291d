import Cluster
import Exchange
import LocalTable
import Replication

/// pg2's writes, as a scenario makes them: chapter 6's ``ReplicatedPG2`` over its
/// ``ExchangeServer`` (``chapter6``), or the final module's `ProcessGroups` (the demos' writes).
public struct PG2Writes: Sendable {
    public let create: @Sendable (Node, GroupName) async throws -> Void
    public let delete: @Sendable (Node, GroupName) async throws -> Void
    public let join: @Sendable (Node, GroupName, Pid) async throws -> Void
    public let leave: @Sendable (Node, GroupName, Pid) async throws -> Void

    public init(
        create: @escaping @Sendable (Node, GroupName) async throws -> Void,
        delete: @escaping @Sendable (Node, GroupName) async throws -> Void,
        join: @escaping @Sendable (Node, GroupName, Pid) async throws -> Void,
        leave: @escaping @Sendable (Node, GroupName, Pid) async throws -> Void
    ) {
        self.create = create
        self.delete = delete
        self.join = join
        self.leave = leave
    }

    /// Chapter 6's pg2: replicated writes through ``ReplicatedPG2``, served by ``ExchangeServer``.
    public static let chapter6 = PG2Writes(
        create: { try await ReplicatedPG2<ExchangeServer>(node: $0).create($1) },
        delete: { try await ReplicatedPG2<ExchangeServer>(node: $0).delete($1) },
        join: { try await ReplicatedPG2<ExchangeServer>(node: $0).join($1, $2) },
        leave: { try await ReplicatedPG2<ExchangeServer>(node: $0).leave($1, $2) })
}

/// Anomalies A1–A3 of `Chapters/PG2Rules.md`, each defined once, here: the demos
/// (`swift run workbook demo anomaly-a1`) narrate these runs, and the tests of chapter 6 and of
/// the final module replay them and assert the anomaly.
///
/// - A1: two nodes, a and b, with group `old`. The network is cut between them and a deletes
///   `old`: the delete reaches only a. When the partition heals, b's exchange lists `old` and a's
///   merge, which only adds, creates it again.
/// - A2: three nodes; p, on c, is in `g` everywhere. Only the a–b link is cut, and a leaves p from
///   `g`: the leave reaches a and c. When a–b is mended, b's exchange gives p back to a; c saw no
///   nodeup and keeps the leave.
/// - A3: three nodes with `g`; p lives on c. Only the a–b link is cut; a joins p to `g`, then b
///   does: c counts 2, a and b 1 each. When a–b is mended, they merge as max(1, 1) and keep 1.
public enum PG2Anomaly: String, Sendable, CaseIterable {
    case a1, a2, a3

    /// Where a run hands control back to its caller (outside `sim.run`), to check or narrate.
    public enum Moment: Sendable {
        /// The group exists on every node (A2: with p in it); the network is whole, nothing cut yet.
        case setUp
        /// The cut is made and the writes during it have returned.
        case written
        /// The cut is mended (A1: the partition healed) and the simulation is quiet.
        case mended
    }

    /// The nodes the scenario runs on, in order: a, b (and c).
    public var nodes: [NodeName] { self == .a1 ? ["a", "b"] : ["a", "b", "c"] }

    /// The group the scenario writes.
    public var group: GroupName { self == .a1 ? "old" : "g" }

    /// Runs the scenario on `nodes` — named ``nodes``, each running pg2 — with `writes`.
    ///
    /// `spawn` makes the member p on c (A2, A3; the caller may keep it beyond the run), and
    /// `moment` is called at each ``Moment``, with p's pid where there is one.
    public func run(
        _ sim: Simulation, on nodes: [Node], writes: PG2Writes,
        spawn: (Node) -> ProcessActor = { $0.spawnProcess() },
        at moment: (Moment, Pid?) async throws -> Void
    ) async throws {
        precondition(nodes.map(\.name) == self.nodes, "\(rawValue) runs on \(self.nodes)")
        let (a, b) = (nodes[0], nodes[1])
        let group = self.group
        let p = self == .a1 ? nil : spawn(nodes[2])
        let pid = p?.id
        try await sim.run {
            try await writes.create(a, group)
            if self == .a2, let pid { try await writes.join(a, group, pid) }
        }
        try await moment(.setUp, pid)
        switch self {
        case .a1:
            sim.partition(["a"], ["b"])
            try await sim.run { try await writes.delete(a, group) }
        case .a2:
            sim.disconnect("a", "b")
            try await sim.run { try await writes.leave(a, group, pid!) }
        case .a3:
            sim.disconnect("a", "b")
            try await sim.run {
                try await writes.join(a, group, pid!)
                try await writes.join(b, group, pid!)
            }
        }
        try await moment(.written, pid)
        if self == .a1 { sim.heal() } else { sim.reconnect("a", "b") }
        try await sim.quiescence()
        try await moment(.mended, pid)
        withExtendedLifetime(p) {}
    }
}
