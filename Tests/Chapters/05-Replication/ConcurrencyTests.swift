import Cluster
import Replication
import ReplicationTestKit
import SingleNodeServer
import TestKit
import Testing

/// Rule 10 of Chapters/PG2Rules.md: writes to one group are serialised cluster-wide by its lock;
/// writes to different groups never contend.
@Suite struct ConcurrencyTests {
    /// Four nodes join four pids to `chat` at the same moment. All four joins land, in the same
    /// order on every node — and the trace shows why: the join calls of one writer form one
    /// unbroken block, because nobody else can call while it holds the group's lock.
    @Test func concurrentJoinsToOneGroupAreAllAppliedOneWriterAtATime() async throws {
        let sim = simulation(seed: 541)
        let nodes = sim.cluster("a", "b", "c", "d")
        let pids = nodes.map { $0.spawnProcess() }
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[0]).create("chat")
            try await checkInvariants(on: nodes)
        }
        let before = sim.trace.lines.count
        try await sim.run {
            let writes = zip(nodes, pids).map { node, process in
                node.spawn { try await ReplicatedPG2<PG2Server>(node: node).join("chat", process.id) }
            }
            for write in writes { try await write.value }
            let everyone = pids.map(\.id).sorted()
            #expect(try membersEverywhere("chat", on: nodes) == Array(repeating: everyone, count: 4), sim.comment)
            try await checkInvariants(on: nodes)
        }
        let writers = calls(in: sim.lines(since: before)).filter { $0.hasSuffix(" join") }.map { $0.prefix(1) }
        let blocks = writers.enumerated().filter { $0.offset == 0 || writers[$0.offset - 1] != $0.element }.map(
            \.element)
        #expect(writers.count == 4 * 3, "each writer calls the three other nodes — \(sim.seedNote)")
        #expect(blocks.count == 4 && Set(blocks).count == 4, "join calls interleaved: \(writers) — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }

    /// Two writers, two groups: both hold their locks at once — both `setLock` rounds are done
    /// before either `deleteLock` — and no lock request is ever refused.
    @Test func writesToDifferentGroupsDoNotWaitForEachOther() async throws {
        let sim = simulation(seed: 542)
        let nodes = sim.cluster("a", "b", "c")
        let p = nodes[0].spawnProcess(), q = nodes[1].spawnProcess()
        try await sim.run {
            try startServers(on: nodes)
            try await ReplicatedPG2<PG2Server>(node: nodes[2]).create("chat")
            try await ReplicatedPG2<PG2Server>(node: nodes[2]).create("games")
            try await checkInvariants(on: nodes)
        }
        let before = sim.trace.lines.count
        try await sim.run {
            let chat = nodes[0].spawn { try await ReplicatedPG2<PG2Server>(node: nodes[0]).join("chat", p.id) }
            let games = nodes[1].spawn { try await ReplicatedPG2<PG2Server>(node: nodes[1]).join("games", q.id) }
            try await chat.value
            try await games.value
            #expect(try membersEverywhere("chat", on: nodes) == [[p.id], [p.id], [p.id]], sim.comment)
            #expect(try membersEverywhere("games", on: nodes) == [[q.id], [q.id], [q.id]], sim.comment)
            try await checkInvariants(on: nodes)
        }
        let lines = sim.lines(since: before)
        let lastSet = lines.lastIndex { $0.contains("LockServer.setLock") }
        let firstDelete = lines.firstIndex { $0.contains("LockServer.deleteLock") }
        let locked = ["pg2:chat", "pg2:games"].map { group in
            lines.contains { $0.contains("LockServer.setLock") && $0.contains("\"\(group)\"") }
        }
        #expect(locked == [true, true], sim.comment)
        #expect(
            lastSet! < firstDelete!,
            "one write waited for the other:\n\(lines.joined(separator: "\n"))\n\(sim.seedNote)")
        #expect(
            !lines.contains { $0.contains(" reply ") && $0.hasSuffix(" false") },
            "a lock was refused — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }
}
