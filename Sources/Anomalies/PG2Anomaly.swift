import Cluster
import Exchange
import LocalTable
import Replication

extension GroupWrites {
    /// Chapter 6's pg2: replicated writes through ``ReplicatedPG2``, served by ``ExchangeServer``.
    public static let chapter6 = GroupWrites(
        create: { try await ReplicatedPG2<ExchangeServer>(node: $0).create($1) },
        delete: { try await ReplicatedPG2<ExchangeServer>(node: $0).delete($1) },
        join: { try await ReplicatedPG2<ExchangeServer>(node: $0).join($1, $2) },
        leave: { try await ReplicatedPG2<ExchangeServer>(node: $0).leave($1, $2) })
}

/// Anomalies A1–A4 of `Chapters/PG2Rules.md`, each defined once, here (``script(_:)``): the
/// demos (`swift run workbook demo anomaly-a1`) narrate these runs; the tests of chapter 6 and of
/// the final module replay them and assert the anomaly; the side-by-side table and the pg demos
/// play them on pg; the explorer (`swift run workbook explore a4`) searches their delivery orders.
///
/// - A1: two nodes, a and b, with group `old`. The network is cut between them and a deletes
///   `old`: the delete reaches only a. When the partition heals, b's exchange lists `old` and a's
///   merge, which only adds, creates it again.
/// - A2: three nodes; p, on c, is in `g` everywhere. Only the a–b link is cut, and a leaves p from
///   `g`: the leave reaches a and c. When a–b is mended, b's exchange gives p back to a; c saw no
///   nodeup and keeps the leave.
/// - A3: three nodes with `g`; p lives on c. Only the a–b link is cut; a joins p to `g`, then b
///   does: c counts 2, a and b 1 each. When a–b is mended, they merge as max(1, 1) and keep 1.
/// - A4: three nodes; p, on c, is in `g` everywhere. Only the a–b link is cut, and c leaves p from
///   `g` — c sees both, so the leave reaches every node. If a–b is mended while the leave is on its
///   way, a table sent before the leave reached its sender can arrive after the leave reached its
///   receiver, and the merge adds p back there. Played at ``AnomalyScript/Pace/mendingAfter(_:)``.
public enum PG2Anomaly: String, Sendable, CaseIterable {
    case a1, a2, a3, a4

    /// Who plays the scenario. Only A1 has two casts; A2–A4 are the same in both.
    public enum Cast: Sendable {
        /// The fewest nodes pg2 needs to show the anomaly (the pg2 demos and the anomaly tests).
        case pg2
        /// A cast pg can play too, whose writes then move to p's own node
        /// (``AnomalyScript/madeOnTheMembersNode``). For A1 that needs a member — pg's groups
        /// exist only through their entries, so "a removes g" is p's last leave — and every row
        /// of the side-by-side table has three nodes, so c makes the other side.
        case sideBySide
    }

    /// Where a run hands control back to its caller: ``AnomalyScript/Moment``.
    public typealias Moment = AnomalyScript.Moment

    /// The anomaly's scenario: the one statement of its steps. O(1).
    public func script(_ cast: Cast = .pg2) -> AnomalyScript {
        switch self {
        case .a1:
            // g exists on both sides of a partition; a removes it on its side; the heal.
            let withMember = cast == .sideBySide
            return AnomalyScript(
                nodes: withMember ? ["a", "b", "c"] : ["a", "b"], group: withMember ? "g" : "old",
                member: withMember ? "a" : nil,
                setUp: [.create(from: "a")] + (withMember ? [.join(from: "a")] : []),
                cut: withMember ? .partition(["a", "b"], ["c"]) : .partition(["a"], ["b"]),
                writes: [.delete(from: "a")])
        case .a2:
            return AnomalyScript(
                nodes: ["a", "b", "c"], group: "g", member: "c", setUp: [.create(from: "a"), .join(from: "a")],
                cut: .link("a", "b"), writes: [.leave(from: "a")])
        case .a3:
            return AnomalyScript(
                nodes: ["a", "b", "c"], group: "g", member: "c", setUp: [.create(from: "a")], cut: .link("a", "b"),
                writes: [.join(from: "a"), .join(from: "b")])
        case .a4:
            return AnomalyScript(
                nodes: ["a", "b", "c"], group: "g", member: "c", setUp: [.create(from: "c"), .join(from: "c")],
                cut: .link("a", "b"), writes: [.leave(from: "c")])
        }
    }

    /// The nodes the scenario runs on, in order: a, b (and c).
    public var nodes: [NodeName] { script().nodes }

    /// The group the scenario writes.
    public var group: GroupName { script().group }

    /// Runs the scenario (its ``Cast/pg2`` cast) on `nodes` — named ``nodes``, each running pg2 —
    /// with `writes`, at `pace` (A4 shows its race only at ``AnomalyScript/Pace/mendingAfter(_:)``).
    ///
    /// `spawn` makes the member p on c (A2–A4; the caller may keep it beyond the run), and
    /// `moment` is called at each ``Moment``, with p's pid where there is one. Cost: as the
    /// script's own run — the writes' and the simulation's own; the script adds O(writes).
    public func run(
        _ sim: Simulation, on nodes: [Node], writes: GroupWrites, pace: AnomalyScript.Pace = .eager,
        spawn: (Node) -> ProcessActor = { $0.spawnProcess() },
        at moment: (Moment, Pid?) async throws -> Void
    ) async throws {
        precondition(nodes.map(\.name) == self.nodes, "\(rawValue) runs on \(self.nodes)")
        try await script().run(sim, on: nodes, writes: writes, pace: pace, spawn: spawn, at: moment)
    }
}
