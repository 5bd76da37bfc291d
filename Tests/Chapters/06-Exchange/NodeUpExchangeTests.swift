import Cluster
import Exchange
import LocalTable
import TestKit
import Testing

/// Rule 14: on `nodeup` and on a pg2 server's start, the servers exchange their tables, and the
/// receiver merges in what it lacks — and monitors what it learns.
@Suite struct NodeUpExchangeTests {
    @Test func aNodeAddedLaterLearnsEveryGroupAndMember() async throws {
        let sim = simulation(seed: 611)
        let nodes = try sim.cluster("a", "b", running: start(on:))
        let (a, b) = (nodes[0], nodes[1])
        let p = a.spawnProcess(), q = b.spawnProcess()
        try await sim.run {
            for name in ["empty", "g", "h"] { try await pg2At(a).create(name) }
            for (group, pid) in [("g", p.id), ("g", p.id), ("g", q.id), ("h", q.id)] {
                try await pg2At(b).join(group, pid)
                try await checkServers(nodes, sim)
            }
        }
        let c = sim.addNode("c")  // connects to a and b at once; c runs no pg2 server yet
        try start(on: c)  // its server announces itself (new_pg2); a and b send their tables
        try await sim.settle {
            try await checkServers(nodes + [c], sim)
            #expect(try pg2At(c).whichGroups() == ["empty", "g", "h"], sim.comment)
            #expect(try pg2At(c).members(of: "g") == [p.id, p.id, q.id], sim.comment)
            #expect(try pg2At(c).members(of: "h") == [q.id], sim.comment)
            #expect(try pg2At(c).members(of: "empty") == [], sim.comment)
            #expect(try pg2At(a).members(of: "g") == [p.id, p.id, q.id], "a gained nothing twice — \(sim.seedNote)")
        }
    }

    /// c learnt p through the exchange, not through a join it was asked to do: it must still
    /// monitor p, or a dead p would stay in c's table for ever.
    @Test func aPidLearntThroughTheExchangeIsMonitoredThere() async throws {
        let sim = simulation(seed: 612)
        let nodes = try sim.cluster("a", "b", running: start(on:))
        let a = nodes[0]
        let p = a.spawnProcess(), q = a.spawnProcess()
        try await sim.run {
            try await pg2At(a).create("g")
            try await pg2At(a).join("g", p.id)
            try await pg2At(a).join("g", q.id)
            try await checkServers(nodes, sim)
        }
        let c = sim.addNode("c")
        try start(on: c)
        try await sim.quiescence()
        try await sim.run {
            try await checkServers(nodes + [c], sim)
            #expect(try pg2At(c).members(of: "g") == [p.id, q.id], sim.comment)
            #expect(c.monitoredPids.contains(p.id), "c monitors what it learnt — \(sim.seedNote)")
        }
        sim.kill(p.id)
        try await sim.settle {
            try await checkServers(nodes + [c], sim)
            #expect(try membersByNode(of: "g", on: nodes + [c]).values.allSatisfy { $0 == [q.id] }, sim.comment)
            #expect(!c.monitoredPids.contains(p.id), "the monitor is gone with the member — \(sim.seedNote)")
        }
    }
}
