import Cluster
import Exchange
import LocalTable
import TestKit
import Testing

/// Anomalies A1–A3 of Chapters/PG2Rules.md: pg2 really does these, and so does this rebuild. Each
/// test *shows* the anomaly — it passes when pg2's faulty outcome happens.
@Suite struct AnomalyTests {
    /// A1 — a deleted group comes back. The group g exists on a, b and c. The network splits into
    /// {a, b} and {c}, and a deletes g: the delete locks and reaches only the nodes a sees, so c
    /// keeps g. When the partition heals, c's exchange lists g, and the merge — which cannot tell
    /// "deleted over there" from "never heard of" — creates it again on a and b.
    @Test func aGroupDeletedDuringAPartitionComesBackAfterTheHeal() async throws {
        let sim = simulation(seed: 641)
        let nodes = try sim.cluster("a", "b", "c")
        let a = nodes[0]
        try await sim.run {
            try await pg2(a).create("g")
            try await pg2(a).create("kept")
            try await checkInvariants(nodes, sim)
        }
        sim.partition(["a", "b"], ["c"])
        try await sim.quiescence()
        try await sim.run {
            try await pg2(a).delete("g")
            try await checkInvariants(nodes, sim)
            #expect(try groups(on: nodes) == ["a": ["kept"], "b": ["kept"], "c": ["g", "kept"]], sim.comment)
        }
        sim.heal()
        try await sim.settle {
            try await checkInvariants(nodes, sim)
            let all: [GroupName] = ["g", "kept"]
            #expect(
                try groups(on: nodes) == ["a": all, "b": all, "c": all], "A1: g is back on a and b — \(sim.seedNote)")
        }
    }

    /// A2 — a leave is undone. p lives on c and is in g on every node. Only the a–b link is cut;
    /// both still see c. A leave of p from a locks and updates a and c — the nodes a sees — but
    /// not b. When a–b is mended, a and b exchange: b still lists p, so a joins it again. c saw no
    /// nodeup and keeps the leave. The nodes now disagree, and will until some later reconnect.
    @Test func aLeaveDoneWhileALinkIsCutIsUndoneOnOneSide() async throws {
        let sim = simulation(seed: 642)
        let nodes = try sim.cluster("a", "b", "c")
        let (a, c) = (nodes[0], nodes[2])
        let p = c.spawnProcess()
        try await sim.run {
            try await pg2(a).create("g")
            try await pg2(a).join("g", p.id)
            try await checkInvariants(nodes, sim)
        }
        sim.disconnect("a", "b")
        try await sim.quiescence()
        try await sim.run {
            try await pg2(a).leave("g", p.id)
            try await checkInvariants(nodes, sim)
            #expect(try members(of: "g", on: nodes) == ["a": [], "b": [p.id], "c": []], sim.comment)
        }
        sim.reconnect("a", "b")
        try await sim.settle {
            try await checkInvariants(nodes, sim)
            #expect(
                try members(of: "g", on: nodes) == ["a": [p.id], "b": [p.id], "c": []],
                "A2: a re-added p from b's table, c kept the leave — \(sim.seedNote)")
        }
    }

    /// A3 — counts merge as the maximum, not as the number of joins. The a–b link is cut; p lives
    /// on c. a joins p to g (a and c count 1), then b does (b counts 1, c counts 2). When a–b is
    /// mended, a and b each see the other with p once: max(1, 1) is 1, nothing to add. Two joins
    /// happened; c lists p twice, a and b once.
    @Test func countsMergeAsTheMaximumNotTheNumberOfJoins() async throws {
        let sim = simulation(seed: 643)
        let nodes = try sim.cluster("a", "b", "c")
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        let p = c.spawnProcess()
        try await sim.run {
            try await pg2(a).create("g")
            try await checkInvariants(nodes, sim)
        }
        sim.disconnect("a", "b")
        try await sim.quiescence()
        try await sim.run {
            try await pg2(a).join("g", p.id)
            try await checkInvariants(nodes, sim)
            try await pg2(b).join("g", p.id)
            try await checkInvariants(nodes, sim)
            #expect(try members(of: "g", on: nodes) == ["a": [p.id], "b": [p.id], "c": [p.id, p.id]], sim.comment)
        }
        sim.reconnect("a", "b")
        try await sim.settle {
            try await checkInvariants(nodes, sim)
            #expect(
                try members(of: "g", on: nodes) == ["a": [p.id], "b": [p.id], "c": [p.id, p.id]],
                "A3: max(1, 1) = 1 on a and b, 2 on c — \(sim.seedNote)")
        }
    }
}
