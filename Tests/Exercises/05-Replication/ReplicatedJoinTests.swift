import Cluster
import GlobalLock
import LocalTable
import Replication
import ReplicationExercises
import SingleNodeServer
import Testing

/// Exercise 5.2 — edit Exercises/05-Replication/ReplicatedJoin.swift
@Suite("Exercise 5.2 — A write, whole") struct ReplicatedJoinTests {
    static let file = "edit Exercises/05-Replication/ReplicatedJoin.swift"

    @Test func theJoinIsOnEveryNodeWhenItReturns() async throws {
        let sim = simulation(seed: 5201)
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c")]
        let p = nodes[2].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("agents")
            try await replicatedJoin("agents", p.id, from: nodes[1])
            #expect(try membersEverywhere("agents", on: nodes) == [[p.id], [p.id], [p.id]], "\(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: nodes)
            try await replicatedJoin("agents", p.id, from: nodes[0])
            #expect(try membersEverywhere("agents", on: nodes) == Array(repeating: [p.id, p.id], count: 3),
                "a second join counts — \(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: nodes)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// b and c have the group, a does not: the check is a's own table, and it costs no message.
    @Test func aGroupThisNodeLacksIsRefusedWithoutAnyMessage() async throws {
        let sim = simulation(seed: 5202)
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c")]
        let p = nodes[0].spawnProcess()
        try await sim.run { try startServers(on: nodes) }
        sim.partition(["a"], ["b", "c"])
        try await sim.run { try await ReplicatedPG2<PG2Server>(node: nodes[1]).create("agents") }
        sim.heal()
        try await sim.quiescence()
        try await sim.run {
            let before = sim.trace.lines.count
            try await expectPG2Error(.noSuchGroup("agents"), "\(sim.seedNote) — \(Self.file)") {
                try await replicatedJoin("agents", p.id, from: nodes[0])
            }
            #expect(sim.lines(since: before) == [], "no lock, no call — \(sim.seedNote) — \(Self.file)")
            #expect(try membersEverywhere("agents", on: Array(nodes.dropFirst())) == [[], []], "\(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: nodes)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// Three rounds: `setLock` on every peer, then `join`, then `deleteLock` — and the lock is the
    /// group's, `pg2:agents`.
    @Test func itLocksTheGroupCallsEveryServerThenUnlocks() async throws {
        let sim = simulation(seed: 5203)
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c")]
        let p = nodes[0].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("agents")
            let before = sim.trace.lines.count
            try await replicatedJoin("agents", p.id, from: nodes[0])
            let lines = sim.lines(since: before)
            for peer in ["b", "c"] {
                #expect(calls(in: lines).filter { $0.hasPrefix("a -> \(peer) ") }
                    == ["a -> \(peer) setLock", "a -> \(peer) join", "a -> \(peer) deleteLock"],
                    "\(lines.joined(separator: "\n")) — \(sim.seedNote) — \(Self.file)")
            }
            #expect(lines.contains { $0.contains("setLock") && $0.contains(#""resource":"pg2:agents""#) },
                "lock the resource \"pg2:agents\" — \(sim.seedNote) — \(Self.file)")
            for node in nodes {
                #expect(try await LockServer.ensureStarted(on: node).lockedResources() == [],
                    "the lock must be released on \(node.name) — \(sim.seedNote) — \(Self.file)")
            }
            try await checkInvariants(on: nodes)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// Another pg2 writer holds `pg2:agents`: the join waits for it, then goes through.
    @Test func itWaitsWhileAnotherWriterHoldsTheGroup() async throws {
        let sim = simulation(seed: 5204)
        let nodes = [sim.addNode("a"), sim.addNode("b")]
        let other = nodes[1].spawnProcess(), p = nodes[0].spawnProcess()
        let held = LockID(resource: ReplicatedPG2<PG2Server>.lockResource("agents"), requester: other.id)
        let returned = Flag()
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("agents")
            for node in nodes { _ = try await LockServer.ensureStarted(on: node).setLock(held, holder: other.id) }
        }
        let join = nodes[0].spawn {
            try await replicatedJoin("agents", p.id, from: nodes[0])
            returned.raise()
        }
        try await sim.run(for: .seconds(2))
        #expect(!returned.isRaised, "the join ran while another writer held the lock — \(sim.seedNote) — \(Self.file)")
        try await sim.run {
            for node in nodes { try await LockServer.ensureStarted(on: node).deleteLock(held, holder: other.id) }
            try await join.value
            #expect(try membersEverywhere("agents", on: nodes) == [[p.id], [p.id]], "\(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: nodes)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// Three nodes join at once: all joins land, and one writer's calls are never interleaved
    /// with another's, because each holds the group's lock while it calls.
    @Test func concurrentJoinsAreAllAppliedOneWriterAtATime() async throws {
        let sim = simulation(seed: 5205)
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c")]
        let pids = nodes.map { $0.spawnProcess() }
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("agents")
        }
        let before = sim.trace.lines.count
        try await sim.run {
            let joins = zip(nodes, pids).map { node, process in
                node.spawn { try await replicatedJoin("agents", process.id, from: node) }
            }
            for join in joins { try await join.value }
            let everyone = pids.map(\.id).sorted()
            #expect(try membersEverywhere("agents", on: nodes) == Array(repeating: everyone, count: 3),
                "\(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: nodes)
        }
        let writers = calls(in: sim.lines(since: before)).filter { $0.hasSuffix(" join") }.map { $0.prefix(1) }
        let blocks = writers.indices.filter { $0 == 0 || writers[$0 - 1] != writers[$0] }.map { writers[$0] }
        #expect(blocks.count == 3, "join calls interleaved, \(writers): hold the lock — \(sim.seedNote) — \(Self.file)")
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// c runs a lock server but no pg2 server: a bad node. The join is still ok.
    @Test func aBadNodeDoesNotFailTheJoin() async throws {
        let sim = simulation(seed: 5206)
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c")]
        let served = Array(nodes.prefix(2))
        let p = nodes[1].spawnProcess()
        try await sim.run {
            try startServers(on: served)
            _ = try LockServer.ensureStarted(on: nodes[2])
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("agents")
            try await replicatedJoin("agents", p.id, from: nodes[0])
            #expect(try membersEverywhere("agents", on: served) == [[p.id], [p.id]], "\(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: served)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }
}
