import Anomalies
import Demos
import ProcessGroups
import TestKit
import Testing

/// pg2's anomalies A1–A3 and A5, each shown happening in the final module. A1–A3 replay the
/// demos' scenarios (``Anomalies/PG2Anomaly``, defined once; chapter 6's tests replay them too)
/// with the final module's writes. Where pg2 lets connected nodes disagree, the checks after
/// each step are the invariants only.
@Suite struct AnomalyTests {
    /// A1: a group deleted on one side of a partition is re-created by the other side's exchange.
    @Test func aGroupDeletedDuringAPartitionComesBackAfterTheHeal() async throws {
        let sim = simulation(seed: 1301)
        let nodes = try sim.cluster("a", "b", running: ProcessGroups.start(on:))
        try await PG2Anomaly.a1.run(sim, on: nodes, writes: .processGroups) { moment, _ in
            switch moment {
            case .setUp:
                try await sim.run { try await checkAll(nodes, sim) }
            case .written:
                try await sim.run { try await checkAll(nodes, sim) }
                #expect(pg2(nodes[0]).whichGroups() == [], sim.comment("deleted on a's side"))
                #expect(pg2(nodes[1]).whichGroups() == ["old"], sim.comment("b never heard of the delete"))
            case .mended:
                try await settle(nodes, sim)
                #expect(
                    nodes.allSatisfy { pg2($0).whichGroups() == ["old"] }, sim.comment("A1: old is back everywhere"))
            }
        }
        sim.expectNoEscapedJobs()
    }

    /// A2: cut only a–b while both still see c, where p lives. A leave from a reaches a and c; when
    /// a–b is mended, b's exchange gives p back to a — while c, which saw no nodeup, keeps the
    /// leave. Connected nodes now disagree, and will until some later reconnect.
    @Test func aLeaveDoneWhileALinkIsCutIsUndoneOnOneSide() async throws {
        let sim = simulation(seed: 1302)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        try await PG2Anomaly.a2.run(sim, on: nodes, writes: .processGroups) { moment, p in
            let p = try #require(p)
            switch moment {
            case .setUp:
                try await sim.run { try await checkAll(nodes, sim) }
            case .written:
                try await sim.run { try await checkAll(nodes, sim, agreement: .none) }
                #expect(members(of: "g", on: nodes) == ["a": [], "b": [p], "c": []], sim.comment)
            case .mended:
                try await settle(nodes, sim, agreement: .none)
                #expect(members(of: "g", on: nodes) == ["a": [p], "b": [p], "c": []], sim.comment("A2"))
            }
        }
        sim.expectNoEscapedJobs()
    }

    /// A3: with a–b cut and p on c, a and b each join p once. c counts 2; after a–b is mended,
    /// a and b merge as max(1, 1) and keep 1. Two joins happened; two nodes say one.
    @Test func countsMergeAsTheMaximumNotTheNumberOfJoins() async throws {
        let sim = simulation(seed: 1303)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        try await PG2Anomaly.a3.run(sim, on: nodes, writes: .processGroups) { moment, p in
            let p = try #require(p)
            switch moment {
            case .setUp:
                try await sim.run { try await checkAll(nodes, sim) }
            case .written:
                try await sim.run { try await checkAll(nodes, sim, agreement: .none) }
                #expect(members(of: "g", on: nodes) == ["a": [p], "b": [p], "c": [p, p]], sim.comment)
            case .mended:
                try await settle(nodes, sim, agreement: .none)
                #expect(members(of: "g", on: nodes) == ["a": [p], "b": [p], "c": [p, p]], sim.comment("A3"))
            }
        }
        sim.expectNoEscapedJobs()
    }

    /// A5: a server that lacks the group skips the join, and the caller still hears ok.
    @Test func aJoinSkipsANodeThatLacksTheGroupAndStillReturnsOk() async throws {
        let sim = simulation(seed: 1305)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[1].spawnProcess()
        sim.disconnect("a", "c")  // b sees both; a's create reaches a and b only
        try await settle(nodes, sim, agreement: .none)
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await pg2(nodes[1]).join("g", p.id)  // calls a, b and c; c lacks g
            try await checkAll(nodes, sim, agreement: .none)
        }
        #expect(members(of: "g", on: nodes) == ["a": [p.id], "b": [p.id], "c": nil], sim.comment("A5"))
        sim.expectNoEscapedJobs()
    }
}
