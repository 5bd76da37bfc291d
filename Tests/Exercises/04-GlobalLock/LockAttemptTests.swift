import Cluster
import GlobalLock
import GlobalLockExercises
import Testing

/// Exercise 4.1 — edit Exercises/04-GlobalLock/LockAttempt.swift
@Suite("Exercise 4.1 — One all-or-nothing attempt") struct LockAttemptTests {
    static let file = "edit Exercises/04-GlobalLock/LockAttempt.swift"

    @Test func aFreeResourceIsLockedOnEveryNode() async throws {
        let sim = simulation(seed: 4101)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let writer = nodes[0].spawnProcess()
        try await sim.run {
            let id = LockID(resource: "pg2:general", requester: writer.id)
            let granted = try await attemptLock(id, holder: writer.id, on: ["a", "b", "c"], from: nodes[0])
            #expect(granted, "\(sim.seedNote) — \(Self.file)")
            try await expectOneRequester(of: "pg2:general", on: nodes, "\(sim.seedNote)")
            let seen = try await holders(of: "pg2:general", on: nodes)
            #expect(seen == ["a": writer.id, "b": writer.id, "c": writer.id], "\(sim.seedNote) — \(Self.file)")
        }
        let releases = sim.trace.lines.filter { $0.contains("LockServer.deleteLock") }
        #expect(releases == [], "a granted attempt releases nothing — \(sim.seedNote) — \(Self.file)")
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// c holds the room for another moderator: a and b grant, c refuses, and a and b must be
    /// released again.
    @Test func aRefusalReleasesEveryGrant() async throws {
        let sim = simulation(seed: 4102)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        let (a, c) = (nodes[0], nodes[2])
        let first = c.spawnProcess(), second = a.spawnProcess()
        try await sim.run {
            _ = try await LockServer.ensureStarted(on: c).setLock(
                LockID(resource: "pg2:general", requester: first.id), holder: first.id)
            let id = LockID(resource: "pg2:general", requester: second.id)
            let granted = try await attemptLock(id, holder: second.id, on: ["a", "b", "c"], from: a)
            #expect(!granted, "c refused — \(sim.seedNote) — \(Self.file)")
            try await expectOneRequester(of: "pg2:general", on: nodes, "\(sim.seedNote)")
            let seen = try await holders(of: "pg2:general", on: nodes)
            #expect(seen == ["c": first.id], "a and b must be released — \(sim.seedNote) — \(Self.file)")
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// Only the nodes that granted are released: c refused, so c is not asked to release.
    @Test func onlyTheNodesThatGrantedAreReleased() async throws {
        let sim = simulation(seed: 4103)
        let nodes = try sim.lockCluster(["a", "b", "c", "d"])
        let first = nodes[2].spawnProcess(), second = nodes[3].spawnProcess()
        try await sim.run {
            _ = try await LockServer.ensureStarted(on: nodes[2]).setLock(
                LockID(resource: "r", requester: first.id), holder: first.id)
            let id = LockID(resource: "r", requester: second.id)
            // From d, targeting only a, b and c: every request is a message, every reply too.
            let granted = try await attemptLock(id, holder: second.id, on: ["a", "b", "c"], from: nodes[3])
            #expect(!granted, "\(sim.seedNote) — \(Self.file)")
            try await expectOneRequester(of: "r", on: nodes, "\(sim.seedNote)")
        }
        let releases = sim.trace.lines.filter { $0.contains("LockServer.deleteLock") }
            .map { $0.contains("d -> a") || $0.contains("d -> b") }
        #expect(releases == [true, true], "release a and b, not c — \(sim.seedNote) — \(Self.file)")
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// One round, not one call after another. Every message here takes exactly 1 ms, so asking
    /// a, b and c at once costs 2 ms; asking them one after the other would cost 6.
    @Test func everyNodeIsAskedAtOnce() async throws {
        let sim = simulation(seed: 4104, network: NetworkOptions(minDelay: .milliseconds(1), maxDelay: .milliseconds(1)))
        let nodes = try sim.lockCluster(["a", "b", "c", "d"])
        let writer = nodes[3].spawnProcess()
        try await sim.run {
            let id = LockID(resource: "r", requester: writer.id)
            let start = nodes[3].clock.now
            let granted = try await attemptLock(id, holder: writer.id, on: ["a", "b", "c"], from: nodes[3])
            #expect(granted, "\(sim.seedNote) — \(Self.file)")
            #expect(start.duration(to: nodes[3].clock.now) <= .milliseconds(2),
                "use one multicall — \(sim.seedNote) — \(Self.file)")
        }
        let asks = sim.trace.lines.filter { $0.contains("LockServer.setLock") }
        #expect(asks.count == 3, "one setLock per node — \(sim.seedNote) — \(Self.file)")
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// A node that does not answer neither grants nor refuses: it is left out.
    @Test func aNodeThatDoesNotAnswerIsLeftOut() async throws {
        let sim = simulation(seed: 4105)
        let nodes = try sim.lockCluster(["a", "b", "c"])
        sim.addNode("d")  // connected, but runs no lock server
        let writer = nodes[0].spawnProcess()
        sim.disconnect("a", "c")
        try await sim.run {
            let id = LockID(resource: "r", requester: writer.id)
            let granted = try await attemptLock(id, holder: writer.id, on: ["a", "b", "c", "d"], from: nodes[0])
            #expect(granted, "c and d did not answer; a and b granted — \(sim.seedNote) — \(Self.file)")
            let seen = try await holders(of: "r", on: nodes)
            #expect(seen == ["a": writer.id, "b": writer.id], "\(sim.seedNote) — \(Self.file)")
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// The lock belongs to the requester: a helper process asking with the same requester id is
    /// granted, while a stranger is refused.
    @Test func theSameRequesterIsGrantedAgain() async throws {
        let sim = simulation(seed: 4106)
        let nodes = try sim.lockCluster(["a", "b"])
        let owner = nodes[0].spawnProcess(), helper = nodes[1].spawnProcess(), stranger = nodes[1].spawnProcess()
        try await sim.run {
            let shared = LockID(resource: "r", requester: owner.id)
            let first = try await attemptLock(shared, holder: owner.id, on: ["a", "b"], from: nodes[0])
            let again = try await attemptLock(shared, holder: helper.id, on: ["a", "b"], from: nodes[1])
            let other = try await attemptLock(
                LockID(resource: "r", requester: stranger.id), holder: stranger.id, on: ["a", "b"], from: nodes[1])
            #expect(first && again && !other, "\(sim.seedNote) — \(Self.file)")
            let seen = try await holders(of: "r", on: nodes)
            #expect(
                seen == ["a": owner.id, "b": owner.id],
                "the stranger was refused everywhere — \(sim.seedNote) — \(Self.file)")
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }
}
