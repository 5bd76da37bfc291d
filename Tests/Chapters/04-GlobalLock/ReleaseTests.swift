import Cluster
import GlobalLock
import GlobalLockTestKit
import TestKit
import Testing

/// A lock never outlives its use: `trans` releases it whatever the body does, and the lock
/// servers' monitors release it when the holder, or the holder's node, is gone.
@Suite struct ReleaseTests {
    struct Boom: Error, Equatable {}

    @Test func transReleasesTheLockWhenTheBodyReturns() async throws {
        let sim = simulation(seed: 401)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        try await sim.run {
            let answer = try await Global(node: nodes[0]).trans("r") {
                let holders = try await expectOneRequester(of: "r", on: nodes, sim.comment)
                #expect(holders.count == 3, "held on every node inside the body — \(sim.seedNote)")
                return 42
            }
            #expect(answer == 42, sim.comment)
            try await expectNoLocks(on: nodes, sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    @Test func transReleasesTheLockWhenTheBodyThrows() async throws {
        let sim = simulation(seed: 402)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        try await sim.run {
            await #expect(throws: Boom.self, "the body's error reaches the caller — \(sim.seedNote)") {
                try await Global(node: nodes[1]).trans("r") {
                    try await expectOneRequester(of: "r", on: nodes, sim.comment)
                    throw Boom()
                }
            }
            try await expectNoLocks(on: nodes, sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    @Test func aHolderThatDiesReleasesItsLockEverywhere() async throws {
        let sim = simulation(seed: 403)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let (a, b) = (nodes[0], nodes[1])
        let writer = a.spawnProcess(), other = b.spawnProcess()
        let all = nodes.map(\.name)
        try await sim.run {
            try await Global(node: a).setLock(LockID(resource: "r", requester: writer.id), holder: writer.id, on: all)
            let holders = try await expectOneRequester(of: "r", on: nodes, sim.comment)
            #expect(holders == ["a": writer.id, "b": writer.id, "c": writer.id], sim.comment)
        }
        sim.kill(writer.id)
        try await sim.quiescence()  // every lock server's monitor reports `killed`
        try await sim.run {
            try await expectNoLocks(on: nodes, sim.comment)
            let id = LockID(resource: "r", requester: other.id)
            #expect(try await Global(node: b).attempt(id, holder: other.id, on: all), "free again — \(sim.seedNote)")
            let holders = try await expectOneRequester(of: "r", on: nodes, sim.comment)
            #expect(holders == ["a": other.id, "b": other.id, "c": other.id], sim.comment)
            await Global(node: b).release(id, holder: other.id, on: all)
            try await expectNoLocks(on: nodes, sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    /// A crash is seen elsewhere as `noconnection`: the monitors on a and b fire, and the locks
    /// that c's process held there go.
    @Test func aHolderWhoseNodeCrashesReleasesItsLockOnTheOthers() async throws {
        let sim = simulation(seed: 404)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        let writer = c.spawnProcess()
        try await sim.run {
            let id = LockID(resource: "r", requester: writer.id)
            try await Global(node: c).setLock(id, holder: writer.id, on: ["a", "b", "c"])
            try await expectOneRequester(of: "r", on: nodes, sim.comment)
            #expect(try await a.lockRequester(of: "r") == writer.id, sim.comment)
        }
        sim.crash("c")
        try await sim.settle {
            try await expectNoLocks(on: [a, b], sim.comment)
            #expect(Global(node: a).allNodes == ["a", "b"], sim.comment)
            let section = CriticalSection()
            _ = try await Global(node: a).trans("r", retries: 0) { section.enter() }
            #expect(section.entries == 1, "a got the lock at the first attempt — \(sim.seedNote)")
            try await expectNoLocks(on: [a, b], sim.comment)
        }
    }

    /// `trans` runs as a process of its own when no requester is given; when the transaction is
    /// over, that process ends, and the lock servers stop watching it.
    @Test func aFinishedTransLeavesNoMonitorBehind() async throws {
        let sim = simulation(seed: 405)
        let nodes = try sim.lockCluster(["a", "b"])
        try await sim.run {
            try await Global(node: nodes[0]).trans("r") {}
        }
        try await sim.quiescence()
        for node in nodes {
            #expect(node.monitoredPids == [], "\(node.name) still monitors \(node.monitoredPids) — \(sim.seedNote)")
        }
        sim.expectNoEscapedJobs()
    }
}
