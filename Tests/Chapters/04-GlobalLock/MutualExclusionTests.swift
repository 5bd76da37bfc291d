import Cluster
import GlobalLock
import GlobalLockTestKit
import TestKit
import Testing

/// Rule 10 of Chapters/PG2Rules.md, the promise the whole lock exists for: writes to one name from
/// different callers are serialised cluster-wide. Swept over many seeds, because a lock that
/// is wrong is usually wrong only for an unlucky interleaving.
@Suite struct MutualExclusionTests {
    static let seeds: ClosedRange<UInt64> = 1...500

    /// For each seed: 3–5 nodes, two requesters per node, all wanting "r" at once. One per node
    /// names its own requester process, the other lets `trans` make one. Inside the body each
    /// checks that it is alone and that every lock server names one and the same holder.
    @Test func onlyOneRequesterIsEverInsideTheLock() async throws {
        for seed in replaySeed.map({ $0...$0 }) ?? Self.seeds {
            let sim = Simulation(
                seed: seed,
                replayCommand: "PG2_SEED=\(seed) swift test --filter '\(testTarget(of: #fileID)).MutualExclusionTests'")
            guard try await contend(in: sim) else {
                print("mutual exclusion failed — \(sim.seedNote)")
                return  // one failing seed is enough to read; replay it alone
            }
        }
    }

    /// One seed's run; false if anything failed (the issues say what).
    func contend(in sim: Simulation) async throws -> Bool {
        let names: [NodeName] = ["a", "b", "c", "d", "e"].prefix(3 + Int(sim.seed % 3)).map { $0 }
        let nodes = try sim.lockCluster(names)
        let section = CriticalSection()
        let problems = Problems()
        let owners = nodes.map { $0.spawnProcess() }
        do {
            try await sim.run {
                var tasks: [Task<Void, any Error>] = []
                for (node, owner) in zip(nodes, owners) {
                    for requester in [owner.id, nil] {
                        tasks.append(
                            node.spawn {
                                try await Global(node: node).trans("r", requester: requester) {
                                    if section.enter() > 1 { problems.add("two bodies inside at once") }
                                    let holders = try await expectOneRequester(of: "r", on: nodes, sim.comment)
                                    if holders.count != nodes.count || Set(holders.values).count != 1 {
                                        problems.add("inside the lock, but the servers say \(holders)")
                                    }
                                    if let requester, holders.values.contains(where: { $0 != requester }) {
                                        problems.add("inside the lock of \(requester), but the servers say \(holders)")
                                    }
                                    var random = node.random
                                    try await node.clock.sleep(
                                        for: .milliseconds(Int.random(in: 0...20, using: &random)))
                                    section.exit()
                                }
                            })
                    }
                }
                for task in tasks { try await task.value }
            }
            try await sim.quiescence()
            try await sim.run {
                try await expectNoLocks(on: nodes, sim.comment)
            }
            for node in nodes where !node.monitoredPids.isEmpty {
                problems.add("\(node.name)'s lock server still watches \(node.monitoredPids)")
            }
        } catch {
            Issue.record("\(error) — \(sim.seedNote)")
            return false
        }
        withExtendedLifetime(owners) {}
        let report = problems.all
        #expect(report.isEmpty, "\(report) — \(sim.seedNote)")
        #expect(section.most == 1, "\(section.most) bodies inside at once — \(sim.seedNote)")
        #expect(section.entries == 2 * nodes.count, "every requester got in once — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
        return report.isEmpty && section.most == 1 && section.entries == 2 * nodes.count && sim.escapedJobs == 0
    }
}
