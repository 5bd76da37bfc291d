import Cluster
import Exchange
import LocalTable
import SingleNodeServer
import TestKit
import Testing

/// Rule 14, the other trigger: a pg2 server that starts on a node already connected to others
/// (`new_pg2`) receives every peer's table — so a restarted server does not stay empty.
@Suite struct NewPG2Tests {
    @Test func aRestartedServerIsRefilledByItsPeers() async throws {
        let sim = simulation(seed: 621)
        let nodes = try sim.cluster("a", "b", "c", running: start(on:))
        let (a, b, c) = (nodes[0], nodes[1], nodes[2])
        let p = a.spawnProcess(), q = c.spawnProcess()
        try await sim.run {
            for name in ["empty", "g"] { try await pg2At(a).create(name) }
            for pid in [p.id, q.id, q.id] {
                try await pg2At(c).join("g", pid)
                try await checkServers(nodes, sim)
            }
        }
        b.exit(Pid(named: ExchangeServer.name, on: b.name))  // the server dies, its table with it
        #expect(b.whereis(ExchangeServer.name) == nil, sim.comment)
        try start(on: b)  // new_pg2 to a and c; they answer with their tables
        #expect(try pg2At(b).whichGroups() == [], "the new server starts empty — \(sim.seedNote)")
        try await sim.settle {
            try await checkServers(nodes, sim)
            #expect(try pg2At(b).whichGroups() == ["empty", "g"], sim.comment)
            let all = [p.id, q.id, q.id]
            #expect(try membersByNode(of: "g", on: nodes) == ["a": all, "b": all, "c": all], sim.comment)
            #expect(b.monitoredPids.contains(p.id) && b.monitoredPids.contains(q.id), sim.comment)
        }
    }

    /// The refill is by merge, so the peers are not disturbed: a's and c's tables are the same
    /// before and after b's restart, and writes work again everywhere.
    @Test func theRefilledServerTakesPartInWritesAgain() async throws {
        let sim = simulation(seed: 622)
        let nodes = try sim.cluster("a", "b", running: start(on:))
        let (a, b) = (nodes[0], nodes[1])
        let p = a.spawnProcess()
        try await sim.run {
            try await pg2At(a).create("g")
            try await pg2At(a).join("g", p.id)
        }
        b.exit(Pid(named: ExchangeServer.name, on: b.name))
        try start(on: b)
        try await sim.settle {
            try await checkServers(nodes, sim)
            try await pg2At(b).leave("g", p.id)
            try await checkServers(nodes, sim)
            #expect(try membersByNode(of: "g", on: nodes) == ["a": [], "b": []], sim.comment)
        }
    }

    /// A server registers its name before it sends anything, as Erlang registers a gen_server
    /// before its `init/1` runs: an instance that loses the name `pg2` announces nothing
    /// (`new_pg2`) and follows no node event, so no peer sends it, or anyone, a table.
    @Test func aServerThatLosesTheNameSendsNothing() async throws {
        let sim = simulation(seed: 623)
        let nodes = try sim.cluster("a", "b", running: start(on:))
        let a = nodes[0]
        try await sim.quiescence()
        let before = sim.trace.events.count
        #expect(throws: Node.NameTaken.self, sim.comment) { try ExchangeServer.start(on: a) }
        #expect(throws: Node.NameTaken.self, sim.comment) {
            try a.register(ExchangeServer.name) { ExchangeServer(actorSystem: a) }
        }
        try await sim.quiescence()
        let messages = sim.trace.events.dropFirst(before).filter {
            if case .local = $0.kind { false } else { true }
        }
        #expect(messages.isEmpty, "the loser sent \(messages.map(\.line)) — \(sim.seedNote)")
        try await sim.run { try await checkServers(nodes, sim) }
        sim.expectNoEscapedJobs()
    }
}
