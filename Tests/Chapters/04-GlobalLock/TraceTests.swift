import Cluster
import GlobalLock
import GlobalLockTestKit
import TestKit
import Testing

/// The cost of the lock, read off the trace: a lock round and an unlock round, each a call to
/// every other node (the caller's own server is called directly, without a message).
@Suite struct TraceTests {
    /// `a -> b` from a trace line `t=308 a -> b call …`.
    func route(_ line: String) -> String { line.split(separator: " ")[1...3].joined(separator: " ") }

    @Test func aTransOnThreeNodesIsALockRoundThenAnUnlockRound() async throws {
        let sim = simulation(seed: 441)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let before = sim.trace.lines.count
        try await sim.run {
            let holders = try await Global(node: nodes[0]).trans("r") {
                try await expectOneRequester(of: "r", on: nodes, sim.comment)
            }
            #expect(holders.count == 3, "held on a, b and c inside the body — \(sim.seedNote)")
            try await expectNoLocks(on: nodes, sim.comment)
        }
        let lines = Array(sim.trace.lines[before...])
        let trace = lines.joined(separator: "\n")
        let locks = lines.indices.filter { lines[$0].contains(" call ") && lines[$0].contains("LockServer.setLock") }
        let unlocks = lines.indices.filter {
            lines[$0].contains(" call ") && lines[$0].contains("LockServer.deleteLock")
        }
        #expect(
            Set(locks.map { route(lines[$0]) }) == ["a -> b", "a -> c"] && locks.count == 2,
            "lock round: one call from a to each of b and c\n\(trace)\n\(sim.seedNote)")
        #expect(
            Set(unlocks.map { route(lines[$0]) }) == ["a -> b", "a -> c"] && unlocks.count == 2,
            "unlock round: one call from a to each of b and c\n\(trace)\n\(sim.seedNote)")
        #expect(
            (locks.max() ?? .max) < (unlocks.min() ?? .min),
            "the unlock round follows the lock round\n\(trace)\n\(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }
}
