import Cluster
import LocalTable
import Replication
import ReplicationTestKit
import SingleNodeServer
import TestKit
import Testing

/// Rule 9 of Chapters/PG2Rules.md: a write is visible on every connected node when the call returns.
///
/// Each test reads every node's table *right after* the write's `await` — no `quiescence()` in
/// between — because the caller waits for every server's reply, and a server replies only after
/// it has changed its table.
@Suite struct VisibilityTests {
    @Test func aCreateIsOnEveryNodeWhenItReturns() async throws {
        let sim = simulation(seed: 501)
        let nodes = sim.cluster("a", "b", "c")
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("chat")
            #expect(try groupsEverywhere(on: nodes) == [["chat"], ["chat"], ["chat"]], sim.comment)
            try await checkInvariants(on: nodes)
        }
        sim.expectNoEscapedJobs()
    }

    @Test func joinsAndLeavesFromAnyNodeAreOnEveryNodeWhenTheyReturn() async throws {
        let sim = simulation(seed: 502)
        let nodes = sim.cluster("a", "b", "c", "d")
        let (a, b, c, d) = (nodes[0], nodes[1], nodes[2], nodes[3])
        let p = b.spawnProcess(), q = d.spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: a).create("chat")
            try await checkInvariants(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: c).join("chat", p.id)  // from c, a pid of b
            #expect(try membersEverywhere("chat", on: nodes) == Array(repeating: [p.id], count: 4), sim.comment)
            try await checkInvariants(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: d).join("chat", q.id)
            #expect(try membersEverywhere("chat", on: nodes) == Array(repeating: [p.id, q.id], count: 4), sim.comment)
            try await checkInvariants(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: a).leave("chat", p.id)
            #expect(try membersEverywhere("chat", on: nodes) == Array(repeating: [q.id], count: 4), sim.comment)
            try await checkInvariants(on: nodes)
            for node in nodes {
                #expect(node.monitoredPids == [q.id], "p's monitor must go on \(node.name) — \(sim.seedNote)")
            }
        }
        sim.expectNoEscapedJobs()
    }

    @Test func aDeleteIsGoneFromEveryNodeWhenItReturns() async throws {
        let sim = simulation(seed: 503)
        let nodes = sim.cluster("a", "b", "c")
        let p = nodes[0].spawnProcess(), q = nodes[2].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            let pg2 = ReplicatedPG2<PG2Server>(node: nodes[1])
            try await pg2.create("chat")
            try await pg2.create("games")
            try await pg2.join("chat", p.id)
            try await pg2.join("chat", q.id)
            try await checkInvariants(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[2]).delete("chat")
            #expect(try groupsEverywhere(on: nodes) == [["games"], ["games"], ["games"]], sim.comment)
            try await checkInvariants(on: nodes)
            for node in nodes {
                #expect(node.monitoredPids == [], "delete releases the monitors on \(node.name) — \(sim.seedNote)")
            }
        }
        sim.expectNoEscapedJobs()
    }

    /// One node is a cluster too: the same lock and multicall, all of it local — not one message.
    @Test func onOneNodeAWriteSendsNoMessage() async throws {
        let sim = simulation(seed: 504)
        let a = sim.addNode("a")
        let p = a.spawnProcess()
        try await sim.run {
            try startServers(on: [a])
            let pg2 = ReplicatedPG2<PG2Server>(node: a)
            try await pg2.create("chat")
            try await pg2.join("chat", p.id)
            #expect(try pg2.members(of: "chat") == [p.id], sim.comment)
            try await checkInvariants(on: [a])
        }
        #expect(calls(in: sim.trace.lines) == [], "a lone node calls nobody — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }
}
