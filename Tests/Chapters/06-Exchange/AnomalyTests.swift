import Anomalies
import Cluster
import Exchange
import LocalTable
import TestKit
import Testing

/// Anomalies A1–A3 of Chapters/PG2Rules.md: pg2 really does these, and so does this rebuild. Each
/// test replays the scenario the demos narrate (``Anomalies/PG2Anomaly``, defined once) with
/// chapter 6's writes, checking the invariants at every step, and *shows* the anomaly — it passes
/// when pg2's faulty outcome happens.
@Suite struct AnomalyTests {
    /// A1 — a deleted group comes back. The group old exists on a and b. The network splits
    /// them, and a deletes old: the delete locks and reaches only a, so b keeps old. When the
    /// partition heals, b's exchange lists old, and the merge — which cannot tell "deleted over
    /// there" from "never heard of" — creates it again on a.
    @Test func aGroupDeletedDuringAPartitionComesBackAfterTheHeal() async throws {
        let sim = simulation(seed: 641)
        let nodes = try sim.cluster("a", "b", running: start(on:))
        try await PG2Anomaly.a1.run(sim, on: nodes, writes: .chapter6) { moment, _ in
            switch moment {
            case .setUp:
                try await sim.run { try await checkServers(nodes, sim) }
            case .written:
                try await sim.run { try await checkServers(nodes, sim) }
                #expect(try groupsByNode(on: nodes) == ["a": [], "b": ["old"]], sim.comment)
            case .mended:
                try await sim.settle {
                    try await checkServers(nodes, sim)
                    #expect(
                        try groupsByNode(on: nodes) == ["a": ["old"], "b": ["old"]],
                        "A1: old is back on a — \(sim.seedNote)")
                }
            }
        }
    }

    /// A2 — a leave is undone. p lives on c and is in g on every node. Only the a–b link is cut;
    /// both still see c. A leave of p from a locks and updates a and c — the nodes a sees — but
    /// not b. When a–b is mended, a and b exchange: b still lists p, so a joins it again. c saw no
    /// nodeup and keeps the leave. The nodes now disagree, and will until some later reconnect.
    @Test func aLeaveDoneWhileALinkIsCutIsUndoneOnOneSide() async throws {
        let sim = simulation(seed: 642)
        let nodes = try sim.cluster("a", "b", "c", running: start(on:))
        try await PG2Anomaly.a2.run(sim, on: nodes, writes: .chapter6) { moment, p in
            let p = try #require(p)
            switch moment {
            case .setUp:
                try await sim.run { try await checkServers(nodes, sim) }
            case .written:
                try await sim.run { try await checkServers(nodes, sim) }
                #expect(try membersByNode(of: "g", on: nodes) == ["a": [], "b": [p], "c": []], sim.comment)
            case .mended:
                try await sim.settle {
                    try await checkServers(nodes, sim)
                    #expect(
                        try membersByNode(of: "g", on: nodes) == ["a": [p], "b": [p], "c": []],
                        "A2: a re-added p from b's table, c kept the leave — \(sim.seedNote)")
                }
            }
        }
    }

    /// A3 — counts merge as the maximum, not as the number of joins. The a–b link is cut; p lives
    /// on c. a joins p to g (a and c count 1), then b does (b counts 1, c counts 2). When a–b is
    /// mended, a and b each see the other with p once: max(1, 1) is 1, nothing to add. Two joins
    /// happened; c lists p twice, a and b once.
    @Test func countsMergeAsTheMaximumNotTheNumberOfJoins() async throws {
        let sim = simulation(seed: 643)
        let nodes = try sim.cluster("a", "b", "c", running: start(on:))
        try await PG2Anomaly.a3.run(sim, on: nodes, writes: .chapter6) { moment, p in
            let p = try #require(p)
            switch moment {
            case .setUp:
                try await sim.run { try await checkServers(nodes, sim) }
            case .written:
                try await sim.run { try await checkServers(nodes, sim) }
                #expect(try membersByNode(of: "g", on: nodes) == ["a": [p], "b": [p], "c": [p, p]], sim.comment)
            case .mended:
                try await sim.settle {
                    try await checkServers(nodes, sim)
                    #expect(
                        try membersByNode(of: "g", on: nodes) == ["a": [p], "b": [p], "c": [p, p]],
                        "A3: max(1, 1) = 1 on a and b, 2 on c — \(sim.seedNote)")
                }
            }
        }
    }
}
