import Cluster
import Replication
import ReplicationTestKit
import SingleNodeServer
import TestKit
import Testing

/// Every pg2 write is three synchronous cluster-wide rounds: lock, multicall, unlock.
///
/// A join from a on three nodes, as the trace shows it (call lines only; the calls a makes to its
/// own servers are local and leave no line):
/// ```
/// a -> b setLock      ┐ round 1: global:set_lock on every node, all at once
/// a -> c setLock      ┘
/// a -> b join         ┐ round 2: gen_server:multi_call(pg2, {join, …})
/// a -> c join         ┘
/// a -> b deleteLock   ┐ round 3: global:del_lock
/// a -> c deleteLock   ┘
/// ```
/// Within a round the order of b and c depends on the network's delays; between rounds it cannot,
/// because each round waits for every reply of the one before.
@Suite struct ThreeRoundsTests {
    @Test func aJoinLocksThenCallsEveryServerThenUnlocks() async throws {
        let sim = simulation(seed: 521)
        let nodes = sim.cluster("a", "b", "c")
        let p = nodes[0].spawnProcess()
        let pg2 = ReplicatedPG2<PG2Server>(node: nodes[0])
        let sent = try await sim.run {
            try startServers(on: nodes)
            try await pg2.create("chat")
            try await checkInvariants(on: nodes)
            let before = sim.trace.lines.count
            try await pg2.join("chat", p.id)
            let sent = calls(in: sim.lines(since: before))
            try await checkInvariants(on: nodes)
            return sent
        }
        let rounds = [Array(sent.prefix(2)), Array(sent.dropFirst(2).prefix(2)), Array(sent.dropFirst(4))]
        #expect(sent.count == 6, "three rounds of two calls: \(sent) — \(sim.seedNote)")
        for (round, name) in zip(rounds, ["setLock", "join", "deleteLock"]) {
            #expect(round.sorted() == ["a -> b \(name)", "a -> c \(name)"], "\(sent) — \(sim.seedNote)")
        }
        sim.expectNoEscapedJobs()
    }

    /// Three rounds, each one round trip however many nodes there are: every round sends all its
    /// requests before it awaits the first reply. With every message taking exactly 1 ms, a join
    /// on four nodes takes 6 ms; calling the three other nodes one after another would take 18.
    @Test func aWriteCostsThreeRoundTripsHoweverManyNodes() async throws {
        let sim = simulation(seed: 522, network: NetworkOptions(minDelay: .milliseconds(1), maxDelay: .milliseconds(1)))
        let nodes = sim.cluster("a", "b", "c", "d")
        let p = nodes[3].spawnProcess()
        let took = try await sim.run {
            try startServers(on: nodes)
            let pg2 = ReplicatedPG2<PG2Server>(node: nodes[0])
            try await pg2.create("chat")
            try await checkInvariants(on: nodes)
            let start = sim.now
            try await pg2.join("chat", p.id)
            let took = sim.now - start
            try await checkInvariants(on: nodes)
            return took
        }
        #expect(took == .milliseconds(6), "lock, multicall, unlock: 3 × 2 ms — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }
}
