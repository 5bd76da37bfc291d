import Cluster
import GlobalLock
import GlobalLockTestKit
import TestKit
import Testing

/// The lock's weakness, which anomalies A1–A3 of Chapters/PG2Rules.md stand on: "locked in the
/// cluster" means locked on the nodes the caller can see. In a partition each side sees only
/// itself, so each side can lock the same resource at once.
@Suite struct PartitionTests {
    @Test func bothSidesOfAPartitionHoldTheLockAtOnce() async throws {
        let sim = simulation(seed: 431)
        let nodes = try sim.lockCluster(["a", "b", "c", "d"])
        let (a, b, c, d) = (nodes[0], nodes[1], nodes[2], nodes[3])
        sim.partition(["a", "b"], ["c", "d"])
        let section = CriticalSection()
        let left = a.spawnProcess(), right = c.spawnProcess()
        try await sim.run {
            #expect(Global(node: a).allNodes == ["a", "b"], sim.comment)
            #expect(Global(node: c).allNodes == ["c", "d"], sim.comment)
            let tasks = [(a, left), (c, right)].map { node, requester in
                node.spawn {
                    try await Global(node: node).trans("r", requester: requester.id) {
                        section.enter()
                        try await node.clock.sleep(for: .milliseconds(100))  // long enough to overlap
                        section.exit()
                    }
                }
            }
            // Both bodies are inside after 50 ms; each side's servers name their own requester.
            try await a.clock.sleep(for: .milliseconds(50))
            #expect(section.inside == 2, "each side locked what it sees — \(sim.seedNote)")
            try await expectOneRequester(of: "r", on: [a, b], sim.comment)
            try await expectOneRequester(of: "r", on: [c, d], sim.comment)
            #expect(try await b.lockRequester(of: "r") == left.id, sim.comment)
            #expect(try await d.lockRequester(of: "r") == right.id, sim.comment)
            for task in tasks { try await task.value }
            try await expectNoLocks(on: nodes, sim.comment)
        }
        #expect(section.most == 2, "two writers at once: pg2's partition problem — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }

    /// After the heal, the lock is cluster-wide again: a caller locks all four nodes.
    @Test func afterTheHealTheLockSpansTheClusterAgain() async throws {
        let sim = simulation(seed: 432)
        let nodes = try sim.lockCluster(["a", "b", "c", "d"])
        sim.partition(["a", "b"], ["c", "d"])
        try await sim.run { try await Global(node: nodes[0]).trans("r") {} }
        sim.heal()
        try await sim.settle {
            #expect(Global(node: nodes[0]).allNodes == ["a", "b", "c", "d"], sim.comment)
            try await Global(node: nodes[0]).trans("r") {
                let holders = try await expectOneRequester(of: "r", on: nodes, sim.comment)
                #expect(holders.count == 4, "held on all four nodes — \(sim.seedNote)")
            }
            try await expectNoLocks(on: nodes, sim.comment)
        }
    }
}
