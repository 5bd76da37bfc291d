import Cluster
import GlobalLock
import LocalTable
import Replication
import ReplicationExercises
import SingleNodeServer
import Testing

/// Exercise 5.1 — edit Exercises/05-Replication/EveryNode.swift
@Suite("Exercise 5.1 — Every node, at once") struct EveryNodeTests {
    static let file = "edit Exercises/05-Replication/EveryNode.swift"

    @Test func theJoinIsOnEveryNodeWhenItReturns() async throws {
        let sim = simulation(seed: 5101)
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c")]
        let p = nodes[1].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("lobby")
            let bad = try await joinEverywhere("lobby", p.id, from: nodes[0])
            #expect(bad == [], "\(sim.seedNote) — \(Self.file)")
            #expect(try membersEverywhere("lobby", on: nodes) == [[p.id], [p.id], [p.id]], "\(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: nodes)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// The caller's own node is one of the targets: alone, it still joins.
    @Test func theCallersOwnServerJoinsToo() async throws {
        let sim = simulation(seed: 5102)
        let a = sim.addNode("a")
        let p = a.spawnProcess()
        try await sim.run {
            try startServers(on: [a])
            try await ReplicatedPG2<PG2Server>(node: a).create("lobby")
            #expect(try await joinEverywhere("lobby", p.id, from: a) == [], "\(sim.seedNote) — \(Self.file)")
            #expect(try membersEverywhere("lobby", on: [a]) == [[p.id]], "include node.name — \(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: [a])
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// c and d run no pg2 server: they are the bad nodes, and the others still join.
    @Test func nodesWithoutAServerAreReturnedAsBadNodes() async throws {
        let sim = simulation(seed: 5103)
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c"), sim.addNode("d")]
        let served = Array(nodes.prefix(2))
        let p = nodes[0].spawnProcess()
        try await sim.run {
            try startServers(on: served)
            try await ReplicatedPG2<PG2Server>(node: nodes[1]).create("lobby")
            let bad = try await joinEverywhere("lobby", p.id, from: nodes[0])
            #expect(bad == ["c", "d"], "\(sim.seedNote) — \(Self.file)")
            #expect(try membersEverywhere("lobby", on: served) == [[p.id], [p.id]], "\(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: served)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// With every message taking exactly 1 ms, one round trip is 2 ms — for three peers as for one.
    /// Calling them one after another would take 6.
    @Test func everyNodeIsAskedAtOnce() async throws {
        let sim = simulation(seed: 5104, network: NetworkOptions(minDelay: .milliseconds(1), maxDelay: .milliseconds(1)))
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c"), sim.addNode("d")]
        let p = nodes[2].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("lobby")
            let start = sim.now
            _ = try await joinEverywhere("lobby", p.id, from: nodes[0])
            #expect(sim.now - start == .milliseconds(2), "use one multicall — \(sim.seedNote) — \(Self.file)")
            #expect(try membersEverywhere("lobby", on: nodes) == Array(repeating: [p.id], count: 4),
                "\(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: nodes)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// The multicall alone: one `join` call to each peer, and no lock round (that is 5.2).
    @Test func itCallsJoinOnEachPeerAndTakesNoLock() async throws {
        let sim = simulation(seed: 5105)
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c")]
        let p = nodes[0].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("lobby")
            let before = sim.trace.lines.count
            _ = try await joinEverywhere("lobby", p.id, from: nodes[0])
            let sent = calls(in: sim.lines(since: before))
            #expect(sent.sorted() == ["a -> b join", "a -> c join"], "\(sent) — \(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: nodes)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// A node the caller cannot reach is not a target at all — not a bad node either.
    @Test func aDisconnectedNodeIsNotAsked() async throws {
        let sim = simulation(seed: 5106)
        let nodes = [sim.addNode("a"), sim.addNode("b"), sim.addNode("c")]
        let p = nodes[0].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("lobby")
        }
        sim.disconnect("a", "c")
        try await sim.run {
            let bad = try await joinEverywhere("lobby", p.id, from: nodes[0])
            #expect(bad == [], "use node.connectedNodes — \(sim.seedNote) — \(Self.file)")
            #expect(try membersEverywhere("lobby", on: nodes) == [[p.id], [p.id], []], "\(sim.seedNote) — \(Self.file)")
            try await checkInvariants(on: nodes)
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }
}
