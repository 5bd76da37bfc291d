import Cluster
import Replication
import ReplicationTestKit
import SingleNodeServer
import TestKit
import Testing

/// Rules 11 and 12 of Chapters/PG2Rules.md: death needs no write. Every node monitors every member
/// it knows, and removes a dead one on its own — no lock, no multicall.
@Suite struct DeathTests {
    @Test func aMemberThatDiesIsRemovedOnEveryNode() async throws {
        let sim = simulation(seed: 551)
        let nodes = sim.cluster("a", "b", "c")
        let p = nodes[1].spawnProcess(), q = nodes[2].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            let pg2 = ReplicatedPG2<PG2Server>(node: nodes[0])
            try await pg2.create("chat")
            try await pg2.create("games")
            for (group, pid) in [("chat", p.id), ("chat", p.id), ("chat", q.id), ("games", p.id)] {
                try await pg2.join(group, pid)
                try await checkInvariants(on: nodes)
            }
        }
        let before = sim.trace.lines.count
        sim.kill(p.id)
        try await sim.quiescence()  // each node's monitor fires; each server removes p itself
        try await sim.run {
            #expect(try membersEverywhere("chat", on: nodes) == [[q.id], [q.id], [q.id]], "rule 11 — \(sim.seedNote)")
            #expect(try membersEverywhere("games", on: nodes) == [[], [], []], "rule 11 — \(sim.seedNote)")
            #expect(try groupsEverywhere(on: nodes) == Array(repeating: ["chat", "games"], count: 3), sim.comment)
            for node in nodes { #expect(node.monitoredPids == [q.id], "on \(node.name) — \(sim.seedNote)") }
            try await checkInvariants(on: nodes)
        }
        #expect(
            calls(in: sim.lines(since: before)) == [], "no lock and no call: every node acts alone — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }

    /// c crashes: a and b's monitors of c's pids fire with `noconnection`, and the pids vanish;
    /// the groups stay, even one that only c's pids were in.
    @Test func membersOfACrashedNodeVanishButTheirGroupsStay() async throws {
        let sim = simulation(seed: 552)
        let nodes = sim.cluster("a", "b", "c")
        let survivors = Array(nodes.prefix(2))
        let p = nodes[0].spawnProcess(), r = nodes[2].spawnProcess(), s = nodes[2].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            let pg2 = ReplicatedPG2<PG2Server>(node: nodes[1])
            try await pg2.create("chat")
            try await pg2.create("games")
            for (group, pid) in [("chat", p.id), ("chat", r.id), ("games", s.id)] {
                try await pg2.join(group, pid)
                try await checkInvariants(on: nodes)
            }
        }
        sim.crash("c")
        try await sim.quiescence()
        try await sim.run {
            #expect(try membersEverywhere("chat", on: survivors) == [[p.id], [p.id]], "rule 12 — \(sim.seedNote)")
            #expect(try membersEverywhere("games", on: survivors) == [[], []], "rule 12 — \(sim.seedNote)")
            #expect(
                try groupsEverywhere(on: survivors) == [["chat", "games"], ["chat", "games"]],
                "node loss never removes a group — \(sim.seedNote)")
            for node in survivors { #expect(node.monitoredPids == [p.id], "on \(node.name) — \(sim.seedNote)") }
            try await checkInvariants(on: survivors)
        }
        #expect(sim.trace.lines.contains { $0.contains("noconnection") }, sim.comment)
        sim.expectNoEscapedJobs()
    }
}
