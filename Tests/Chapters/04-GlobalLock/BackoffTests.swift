import Cluster
import GlobalLock
import GlobalLockTestKit
import TestKit
import Testing

/// global's retries: a random sleep between attempts, its ceiling doubling from 250 ms to 8 s;
/// a retry count that runs out ends in `aborted`.
@Suite struct BackoffTests {
    @Test func theBackoffCeilingDoublesFrom250MillisecondsUpTo8Seconds() {
        let limits = (1...7).map(Global.backoffLimit(afterAttempt:))
        #expect(limits == [250, 500, 1000, 2000, 4000, 8000, 8000])
        #expect(Global.backoffLimit(afterAttempt: 100) == 8000)
    }

    /// With the local server refusing, an attempt sends no message and takes no time: the virtual
    /// time that passes is exactly the three sleeps, each between 1 ms and its ceiling.
    @Test func threeRetriesSleepThreeTimesThenAbort() async throws {
        let sim = simulation(seed: 421)
        let nodes = try sim.lockCluster(["a", "b"])
        let (a, b) = (nodes[0], nodes[1])
        let holder = a.spawnProcess()
        try await sim.run {
            let id = LockID(resource: "r", requester: holder.id)
            try await Global(node: a).setLock(id, holder: holder.id, on: ["a", "b"])
            let start = b.clock.now
            let section = CriticalSection()
            do {
                _ = try await Global(node: b).trans("r", retries: 3) { section.enter() }
                Issue.record("the lock was taken although \(holder.id) holds it — \(sim.seedNote)")
            } catch let error as LockError {
                guard case .aborted(let failed) = error else { throw error }
                #expect(failed.resource == "r", sim.comment)
            }
            let slept = start.duration(to: b.clock.now)
            #expect(
                slept >= .milliseconds(3) && slept <= .milliseconds(250 + 500 + 1000),
                "\(slept) is not three sleeps of 1…250, 1…500, 1…1000 ms — \(sim.seedNote)")
            #expect(section.entries == 0, "the body never ran — \(sim.seedNote)")
            let holders = try await expectOneRequester(of: "r", on: nodes, sim.comment)
            #expect(holders == ["a": holder.id, "b": holder.id], "the holder keeps its lock — \(sim.seedNote)")
        }
        try await sim.quiescence()
        #expect(b.monitoredPids == [holder.id], "b watches only the holder — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }

    /// `retries: 3` is three attempts *after* the first: four `setLock` calls in the trace.
    @Test func retriesCountTheAttemptsAfterTheFirst() async throws {
        let sim = simulation(seed: 422)
        let nodes = try sim.lockCluster(["a", "b"])
        let (a, b) = (nodes[0], nodes[1])
        let holder = a.spawnProcess(), loser = b.spawnProcess()
        try await sim.run {
            try await Global(node: a).setLock(LockID(resource: "r", requester: holder.id), holder: holder.id, on: ["a"])
            let before = sim.trace.lines.count
            await #expect(throws: LockError.aborted(LockID(resource: "r", requester: loser.id)), sim.comment) {
                try await Global(node: b).setLock(
                    LockID(resource: "r", requester: loser.id), holder: loser.id, on: ["a"], retries: 3)
            }
            let calls = sim.trace.lines[before...].filter { $0.contains("b -> a") && $0.contains("LockServer.setLock") }
            #expect(calls.count == 4, "\(calls.count) attempts — \(sim.seedNote)")
        }
        sim.expectNoEscapedJobs()
    }

    /// By default `trans` retries for ever: a requester that waits for a holder that lets go after
    /// 20 s of virtual time gets in (and 20 s cost no real time).
    @Test func transWaitsForAHolderThatLetsGoLater() async throws {
        let sim = simulation(seed: 423)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let (a, b) = (nodes[0], nodes[1])
        let holder = a.spawnProcess()
        let all = nodes.map(\.name)
        let id = LockID(resource: "r", requester: holder.id)
        try await sim.run {
            try await Global(node: a).setLock(id, holder: holder.id, on: all)
            a.spawn {
                try await a.clock.sleep(for: .seconds(20))
                await Global(node: a).release(id, holder: holder.id, on: all)
            }
            let start = b.clock.now
            try await Global(node: b).trans("r") {
                #expect(start.duration(to: b.clock.now) >= .seconds(20), sim.comment)
                try await expectOneRequester(of: "r", on: nodes, sim.comment)
            }
            try await expectNoLocks(on: nodes, sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    /// The same seed, the same contention, the same backoffs: the trace replays byte for byte.
    @Test func aSeedReplaysTheSameContention() async throws {
        func run() async throws -> String {
            let sim = simulation(seed: 424)
            let nodes = try sim.lockCluster(["a", "b", "c"])
            try await sim.run {
                let tasks = nodes.map { node in node.spawn { try await Global(node: node).trans("r") {} } }
                for task in tasks { try await task.value }
                try await expectNoLocks(on: nodes, sim.comment)
            }
            sim.expectNoEscapedJobs()
            return sim.trace.text
        }
        let first = try await run(), second = try await run()
        #expect(first == second, "two runs of one seed differ — seed \(replaySeed ?? 424)")
        let refusals = first.split(separator: "\n").filter { $0.contains(" reply ") && $0.hasSuffix(" false") }
        #expect(!refusals.isEmpty, "the three contended — seed \(replaySeed ?? 424)")
    }
}
