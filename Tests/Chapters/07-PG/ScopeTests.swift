import Cluster
import Foundation
import LocalTable
import PG
import TestKit
import PGTestKit
import Testing

/// The scope actor on simulated nodes: chapter 7's pieces together.
@Suite struct ScopeTests {
    /// V1 in small: three nodes, a partition and a heal; each node shows its own entries plus its
    /// connected peers', and a peer's report after the heal replaces what was lost.
    @Test func aPartitionHealsToEveryNodesOwnMembers() async throws {
        let sim = simulation(seed: 7001)
        let nodes = try sim.cluster("a", "b", "c", running: startScope(on:))
        let pids = nodes.map { $0.spawnProcess() }
        try await settleScopes(nodes, sim)
        try await sim.run { for (node, p) in zip(nodes, pids) { try await pg(node).join("g", .one(p.id)) } }
        try await settleScopes(nodes, sim)
        let all = pids.map(\.id).sorted()
        #expect(sortedMembers(of: "g", on: nodes) == ["a": all, "b": all, "c": all], sim.comment)
        sim.partition(["a"], ["b", "c"])
        try await sim.run { _ = try await pg(nodes[1]).leave("g", .one(pids[1].id)) }
        try await settleScopes(nodes, sim)
        #expect(
            sortedMembers(of: "g", on: nodes) == ["a": [pids[0].id], "b": [pids[2].id], "c": [pids[2].id]], sim.comment)
        sim.heal()
        try await settleScopes(nodes, sim)
        let left = [pids[0].id, pids[2].id].sorted()
        #expect(sortedMembers(of: "g", on: nodes) == ["a": left, "b": left, "c": left], sim.comment)
        sim.expectNoEscapedJobs()
        withExtendedLifetime(pids) {}
    }

    /// A scope keeps one record per peer, exactly what the peer reported (PeerState).
    @Test func eachPeersRecordIsWhatThatPeerReported() async throws {
        let sim = simulation(seed: 7002)
        let nodes = try sim.cluster("a", "b", "c", running: startScope(on:))
        let q = nodes[1].spawnProcess(), r = nodes[2].spawnProcess()
        try await settleScopes(nodes, sim)
        try await sim.run {
            try await pg(nodes[1]).join("g", .list([q.id, q.id]))
            try await pg(nodes[2]).join("h", .one(r.id))
        }
        try await settleScopes(nodes, sim)
        let peers = try await sim.run { try await state(on: nodes[0]).peers }
        #expect(peers[Pid(named: "pg", on: "b")]?.groups == ["g": [q.id, q.id]], sim.comment)
        #expect(peers[Pid(named: "pg", on: "c")]?.groups == ["h": [r.id]], sim.comment)
        withExtendedLifetime((q, r)) {}
    }

    /// The messages travel in pg's shape: a pid or a list.
    @Test func pidOrPidsTravelsAsAPidOrAList() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let p = pid("a", 1)
        #expect(String(decoding: try encoder.encode(PidOrPids.one(p)), as: UTF8.self) == #""<a.1>""#)
        #expect(String(decoding: try encoder.encode(PidOrPids.list([p, p])), as: UTF8.self) == #"["<a.1>","<a.1>"]"#)
        for value in [PidOrPids.one(p), .list([]), .list([p])] {
            #expect(try JSONDecoder().decode(PidOrPids.self, from: encoder.encode(value)) == value)
        }
    }
}
