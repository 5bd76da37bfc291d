import Cluster
import LocalTable
import SingleNodeServer
import TestKit
import Testing

/// `ensure_started`: one server per node, started by the first API call, replaced after it exits.
@Suite struct ServerLifecycleTests {
    @Test func theServerStartsOnFirstUseAndOnlyOnce() async throws {
        let sim = simulation(seed: 341)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let serverPid = Pid(named: PG2Server.name, on: a.name)
        #expect(a.whereis(PG2Server.name) == nil, "no server before pg2 is used — \(sim.seedNote)")
        #expect(try pg2.whichGroups() == [], sim.comment)  // even a read starts it
        #expect(a.whereis(PG2Server.name) == serverPid, sim.comment)
        let first = try PG2Server.ensureStarted(on: a)
        let table = try pg2.table
        try await sim.run {
            try await pg2.create("g")
            try await pg2.join("g", serverPid)  // any pid may join: even the server's own
            try await pg2.checkInvariants()
        }
        #expect(try PG2Server.ensureStarted(on: a) === first, "a second server was started — \(sim.seedNote)")
        #expect(try pg2.table === table, "the table was replaced — \(sim.seedNote)")
        #expect(a.processes.filter(\.isWellKnown) == [serverPid], sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// pg2's server is supervised: when it dies its table dies with it, and the next API call
    /// (`ensure_started`) starts a new server with a new, empty table.
    @Test func anExitedServerIsReplacedByANewOneWithAnEmptyTable() async throws {
        let sim = simulation(seed: 342)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess()
        let old = try PG2Server.ensureStarted(on: a)
        try await sim.run {
            try await pg2.create("g")
            try await pg2.join("g", p.id)
            try await pg2.checkInvariants()
        }
        a.exit(Pid(named: PG2Server.name, on: a.name))
        #expect(a.whereis(PG2Server.name) == nil, "the name pg2 is free again — \(sim.seedNote)")
        try await sim.run {
            #expect(try pg2.whichGroups() == [], "the new server starts empty — \(sim.seedNote)")
            #expect(try PG2Server.ensureStarted(on: a) !== old, sim.comment)
            #expect(try await pg2.serverIsEmpty(), sim.comment)
            try await pg2.checkInvariants()
            await #expect(throws: PG2Error.noSuchGroup("g"), sim.comment) { try await pg2.join("g", p.id) }
            try await pg2.create("g")  // and it works like the first
            try await pg2.join("g", p.id)
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [p.id], sim.comment)
        }
        sim.expectNoEscapedJobs()
    }
}
