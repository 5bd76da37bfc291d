import Cluster
import GlobalLock
import LocalTable
import Replication
import ReplicationTestKit
import SingleNodeServer
import TestKit
import Testing

/// What a write does about nodes that cannot apply it: `multi_call`'s bad nodes, which pg2
/// ignores, and anomaly A5 — a server that lacks the group skips the join and still says ok.
@Suite struct BadNodeTests {
    /// `write` hands back the multicall's result: a reply from every node that answered.
    @Test func aWriteReturnsTheMulticallResult() async throws {
        let sim = simulation(seed: 531)
        let nodes = sim.cluster("a", "b", "c")
        try await sim.run {
            try startServers(on: nodes)
            let result = try await ReplicatedPG2<PG2Server>(node: nodes[1]).write("chat") {
                try await $0.create("chat")
            }
            #expect(result.replies.map(\.node) == ["a", "b", "c"], sim.comment)
            #expect(result.badNodes == [], sim.comment)
            try await checkInvariants(on: nodes)
        }
        sim.expectNoEscapedJobs()
    }

    /// c runs a lock server but no pg2 server: it grants the lock, then cannot take the call. It
    /// is a bad node, and the writes go on without it — pg2 never looks at the bad nodes.
    @Test func aNodeWithoutAPG2ServerIsABadNodeAndTheWriteStillSucceeds() async throws {
        let sim = simulation(seed: 532)
        let nodes = sim.cluster("a", "b", "c")
        let served = Array(nodes.prefix(2))
        let p = nodes[0].spawnProcess()
        try await sim.run {
            try startServers(on: served)
            _ = try LockServer.ensureStarted(on: nodes[2])  // c: the lock server only
            let pg2 = ReplicatedPG2<PG2Server>(node: nodes[0])
            let result = try await pg2.write("chat") { try await $0.create("chat") }
            #expect(result.replies.map(\.node) == ["a", "b"], sim.comment)
            #expect(result.badNodes == ["c"], "\(result.failures) — \(sim.seedNote)")
            try await checkInvariants(on: served)
            try await pg2.join("chat", p.id)  // ok: c's failure is not the caller's
            #expect(try membersEverywhere("chat", on: served) == [[p.id], [p.id]], sim.comment)
            #expect(nodes[2].whereis(PG2Server.name) == nil, "nobody started c's server — \(sim.seedNote)")
            try await checkInvariants(on: served)
        }
        sim.expectNoEscapedJobs()
    }

    /// A node the caller is not connected to is not asked at all: it is not a bad node, it is
    /// simply not part of this write.
    @Test func aDisconnectedNodeIsNeitherAskedNorBad() async throws {
        let sim = simulation(seed: 533)
        let nodes = sim.cluster("a", "b", "c")
        try await sim.run { try startServers(on: nodes) }
        sim.partition(["a", "b"], ["c"])
        try await sim.run {
            let before = sim.trace.lines.count
            let result = try await ReplicatedPG2<PG2Server>(node: nodes[0]).write("chat") {
                try await $0.create("chat")
            }
            #expect(result.replies.map(\.node) == ["a", "b"], sim.comment)
            #expect(result.badNodes == [], sim.comment)
            #expect(!calls(in: sim.lines(since: before)).contains { $0.contains("-> c") }, sim.comment)
            #expect(try groupsEverywhere(on: nodes) == [["chat"], ["chat"], []], sim.comment)
            try await checkInvariants(on: nodes)
        }
        sim.expectNoEscapedJobs()
    }

    /// Anomaly A5. c was cut off while `chat` was created, so it lacks the group; chapter 5 has
    /// no exchange, so it keeps lacking it after the link is back. A join from a reaches c's
    /// server, which skips it and answers ok; the caller hears ok; the nodes now disagree.
    @Test func aNodeThatLacksTheGroupSkipsTheJoinAndTheCallerStillHearsOk() async throws {
        let sim = simulation(seed: 534)
        let nodes = sim.cluster("a", "b", "c")
        let p = nodes[0].spawnProcess()
        let pg2 = ReplicatedPG2<PG2Server>(node: nodes[0])
        try await sim.run { try startServers(on: nodes) }
        sim.partition(["a", "b"], ["c"])
        try await sim.run { try await pg2.create("chat") }
        sim.heal()
        try await sim.settle {
            try await checkInvariants(on: nodes)
            let before = sim.trace.lines.count
            let result = try await pg2.write("chat") { try await $0.join("chat", p.id) }
            #expect(result.replies.map(\.node) == ["a", "b", "c"], "c answered ok — \(sim.seedNote)")
            #expect(calls(in: sim.lines(since: before)).contains("a -> c join"), sim.comment)
            #expect(try membersEverywhere("chat", on: Array(nodes.prefix(2))) == [[p.id], [p.id]], sim.comment)
            #expect(
                try ReplicatedPG2<PG2Server>(node: nodes[2]).whichGroups() == [], "c skipped it — \(sim.seedNote)")
            #expect(throws: PG2Error.noSuchGroup("chat"), sim.comment) {
                try ReplicatedPG2<PG2Server>(node: nodes[2]).members(of: "chat")
            }
            #expect(nodes[2].monitoredPids == [], "c does not know p — \(sim.seedNote)")
            try await checkInvariants(on: nodes)
        }
    }
}
