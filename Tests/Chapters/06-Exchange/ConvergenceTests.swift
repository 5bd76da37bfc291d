import Cluster
import Exchange
import LocalTable
import TestKit
import Testing

/// Rules 12 and 15: what the exchange gets right — a healed partition converges, and neither a
/// death nor a lost node leaves a stale member behind.
@Suite struct ConvergenceTests {
    /// Rule 15. Each side writes only to the nodes it sees; after the heal every node exchanges
    /// with the nodes it had lost, and all four list the same 8 entries: four pids, two each.
    @Test(arguments: [631, 632, 633] as [UInt64])
    func aHealedPartitionConvergesOnEightEntries(seed: UInt64) async throws {
        let sim = simulation(seed: seed)
        let nodes = try sim.cluster("a", "b", "c", "d", running: start(on:))
        try await sim.run { try await pg2At(nodes[0]).create("g") }
        sim.partition(["a", "b"], ["c", "d"])
        try await sim.quiescence()
        let pids = nodes.map { $0.spawnProcess() }  // one fresh pid on each node
        try await sim.run {
            for (node, pid) in zip(nodes, pids) {
                try await pg2At(node).join("g", pid.id)
                try await pg2At(node).join("g", pid.id)
                try await checkServers(nodes, sim)
            }
            let (ab, cd) = (pids[0...1].flatMap { [$0.id, $0.id] }, pids[2...3].flatMap { [$0.id, $0.id] })
            #expect(try membersByNode(of: "g", on: nodes) == ["a": ab, "b": ab, "c": cd, "d": cd], sim.comment)
        }
        sim.heal()
        try await sim.settle {
            try await checkServers(nodes, sim)
            let all = pids.map(\.id).sorted().flatMap { [$0, $0] }
            #expect(all.count == 8)
            for node in nodes {
                #expect(try pg2At(node).members(of: "g") == all, "rule 15 on \(node.name) — \(sim.seedNote)")
            }
        }
    }

    /// p lives on c. The far side learns p from the exchange at about the time p dies: whether
    /// the kill comes before the tables are sent, while they are in flight, or after they are
    /// merged, p ends up gone everywhere — a node that learns a dead p monitors it and hears
    /// `noproc` at once.
    @Test(arguments: [0, 200, 400, 600, 800, 1_000, 1_500, 3_000] as [Int])
    func aMemberKilledWhileThePartitionHealsEndsUpGoneEverywhere(killAfterMicroseconds: Int) async throws {
        let sim = simulation(seed: 634)
        let nodes = try sim.cluster("a", "b", "c", "d", running: start(on:))
        let p = nodes[2].spawnProcess(), q = nodes[3].spawnProcess()
        try await sim.run { try await pg2At(nodes[0]).create("g") }
        sim.partition(["a", "b"], ["c", "d"])
        try await sim.quiescence()
        try await sim.run {
            try await pg2At(nodes[2]).join("g", p.id)
            try await pg2At(nodes[2]).join("g", q.id)
            try await checkServers(nodes, sim)
        }
        sim.heal()
        try await sim.run(for: .microseconds(killAfterMicroseconds))
        sim.kill(p.id)
        try await sim.settle {
            try await checkServers(nodes, sim)
            for node in nodes {
                #expect(
                    try pg2At(node).members(of: "g") == [q.id],
                    "kill at +\(killAfterMicroseconds)µs, on \(node.name) — \(sim.seedNote)")
                #expect(!node.monitoredPids.contains(p.id), sim.comment)
            }
        }
    }

    /// Rule 12: a crashed node's members vanish elsewhere (their monitors report `noconnection`);
    /// `nodedown` itself removes nothing, so every group stays, empty or not.
    @Test func membersOfACrashedNodeVanishWhileGroupsStay() async throws {
        let sim = simulation(seed: 635)
        let nodes = try sim.cluster("a", "b", "c", running: start(on:))
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        let p = a.spawnProcess(), onC = c.spawnProcess(), alsoOnC = c.spawnProcess()
        try await sim.run {
            for name in ["g", "onlyC"] { try await pg2At(a).create(name) }
            for (group, pid) in [("g", p.id), ("g", onC.id), ("onlyC", alsoOnC.id), ("onlyC", onC.id)] {
                try await pg2At(b).join(group, pid)
                try await checkServers(nodes, sim)
            }
        }
        sim.crash("c")
        try await sim.settle {
            try await checkServers([a, b], sim)
            for node in [a, b] {
                #expect(try pg2At(node).whichGroups() == ["g", "onlyC"], "rule 12 — \(sim.seedNote)")
                #expect(try pg2At(node).members(of: "g") == [p.id], "rule 12 — \(sim.seedNote)")
                #expect(try pg2At(node).members(of: "onlyC") == [], "rule 12 — \(sim.seedNote)")
                #expect(node.monitoredPids.allSatisfy { $0.node != "c" }, sim.comment)
            }
        }
    }
}
