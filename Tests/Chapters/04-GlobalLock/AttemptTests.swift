import Cluster
import GlobalLock
import GlobalLockTestKit
import TestKit
import Testing

/// One attempt, as global makes it: every target node at once, all or nothing; a lock is shared
/// by everyone who uses the same requester id.
@Suite struct AttemptTests {
    /// c already holds "r" for someone else; a's attempt on a, b, c is granted on a and b, refused
    /// on c — and must give back a and b.
    @Test func aRefusalReleasesTheGrantsOnTheOtherNodes() async throws {
        let sim = simulation(seed: 411)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let (a, c) = (nodes[0], nodes[2])
        let first = c.spawnProcess(), second = a.spawnProcess()
        try await sim.run {
            let held = LockID(resource: "r", requester: first.id)
            #expect(try await Global(node: c).attempt(held, holder: first.id, on: ["c"]), sim.comment)
            try await expectOneRequester(of: "r", on: nodes, sim.comment)

            let wanted = LockID(resource: "r", requester: second.id)
            let granted = try await Global(node: a).attempt(wanted, holder: second.id, on: ["a", "b", "c"])
            #expect(!granted, "c refused, so the attempt fails — \(sim.seedNote)")
            let holders = try await expectOneRequester(of: "r", on: nodes, sim.comment)
            #expect(holders == ["c": first.id], "a and b gave their grants back — \(sim.seedNote)")
        }
        let lines = sim.trace.lines.filter { $0.contains("LockServer.deleteLock") }
        #expect(
            lines.count == 1 && lines[0].contains("a -> b"), "one release, to b (a's own is local) — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }

    /// global's `local_lock_check`: when the caller's own server would refuse, no message is sent.
    @Test func aRefusalByTheCallersOwnServerSendsNothing() async throws {
        let sim = simulation(seed: 412)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let a = nodes[0]
        let first = a.spawnProcess(), second = a.spawnProcess()
        try await sim.run {
            let held = LockID(resource: "r", requester: first.id)
            #expect(try await Global(node: a).attempt(held, holder: first.id, on: ["a"]), sim.comment)
            let before = sim.trace.lines.count
            let granted = try await Global(node: a).attempt(
                LockID(resource: "r", requester: second.id), holder: second.id, on: ["a", "b", "c"])
            #expect(!granted, sim.comment)
            #expect(sim.trace.lines.count == before, "the refusal cost no message — \(sim.seedNote)")
            try await expectOneRequester(of: "r", on: nodes, sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    /// A node that does not answer is left out: the lock is held on the nodes that did.
    @Test func aNodeThatDoesNotAnswerIsLeftOut() async throws {
        let sim = simulation(seed: 413)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let a = nodes[0]
        let writer = a.spawnProcess()
        sim.disconnect("a", "c")
        try await sim.run {
            let id = LockID(resource: "r", requester: writer.id)
            #expect(try await Global(node: a).attempt(id, holder: writer.id, on: ["a", "b", "c"]), sim.comment)
            let holders = try await expectOneRequester(of: "r", on: nodes, sim.comment)
            #expect(holders == ["a": writer.id, "b": writer.id], "c was not reached — \(sim.seedNote)")
        }
        sim.expectNoEscapedJobs()
    }

    /// The lock belongs to the requester id, not to a process: a second process that asks with
    /// the same requester is granted too, and the resource is free only when both let go.
    @Test func theSameRequesterMayTakeTheLockAgain() async throws {
        let sim = simulation(seed: 414)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let (a, b) = (nodes[0], nodes[1])
        let owner = a.spawnProcess(), helper = b.spawnProcess(), stranger = b.spawnProcess()
        let all = nodes.map(\.name)
        let shared = LockID(resource: "r", requester: owner.id)
        try await sim.run {
            #expect(try await Global(node: a).attempt(shared, holder: owner.id, on: all), sim.comment)
            #expect(
                try await Global(node: b).attempt(shared, holder: helper.id, on: all),
                "same requester — \(sim.seedNote)")
            let foreign = LockID(resource: "r", requester: stranger.id)
            #expect(try await !Global(node: b).attempt(foreign, holder: stranger.id, on: all), sim.comment)

            await Global(node: a).release(shared, holder: owner.id, on: all)
            let holders = try await expectOneRequester(of: "r", on: nodes, sim.comment)
            #expect(holders.count == 3, "the helper still holds it — \(sim.seedNote)")
            await Global(node: b).release(shared, holder: helper.id, on: all)
            try await expectNoLocks(on: nodes, sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    /// Re-taking by the same requester, through `trans`: a caller that passes the pid already
    /// holding the lock gets in at once.
    @Test func transWithTheHoldersRequesterGetsInAtOnce() async throws {
        let sim = simulation(seed: 415)
        let nodes = try sim.lockCluster(["a", "b"])
        let owner = nodes[0].spawnProcess()
        let all = nodes.map(\.name)
        try await sim.run {
            try await Global(node: nodes[0]).setLock(
                LockID(resource: "r", requester: owner.id), holder: owner.id, on: all)
            let start = nodes[1].clock.now
            let ran = try await Global(node: nodes[1]).trans("r", requester: owner.id, retries: 0) { true }
            #expect(ran, sim.comment)
            #expect(start.duration(to: nodes[1].clock.now) < .milliseconds(10), "no backoff — \(sim.seedNote)")
            try await expectNoLocks(on: nodes, sim.comment)  // the trans released owner's lock too
        }
        sim.expectNoEscapedJobs()
    }

    /// Different resources never contend (rule 10).
    @Test func differentResourcesDoNotContend() async throws {
        let sim = simulation(seed: 416)
        let nodes = try sim.lockCluster(["a", "b"])
        let p = nodes[0].spawnProcess(), q = nodes[1].spawnProcess()
        let all = nodes.map(\.name)
        try await sim.run {
            let chat = try await Global(node: nodes[0]).attempt(
                LockID(resource: "pg2:chat", requester: p.id), holder: p.id, on: all)
            let games = try await Global(node: nodes[1]).attempt(
                LockID(resource: "pg2:games", requester: q.id), holder: q.id, on: all)
            #expect(chat && games, "each resource is locked by its own requester — \(sim.seedNote)")
            for node in nodes {
                let locked = try await node.lockedResources()
                #expect(locked == ["pg2:chat", "pg2:games"], sim.comment)
            }
        }
        sim.expectNoEscapedJobs()
    }
}
