import Cluster
import LocalTable
import SingleNodeServer
import SingleNodeServerExercises
import Testing

/// Exercise 3.3 — edit Exercises/03-SingleNodeServer/StartOnDemand.swift
@Suite("Exercise 3.3 — Started on demand") struct StartOnDemandTests {
    static let file = "edit Exercises/03-SingleNodeServer/StartOnDemand.swift"

    @Test func aFreshNodeGetsAServerRegisteredAsPg2() async throws {
        let sim = simulation(seed: 3301)
        let a = sim.addNode("a")
        let server = try startedServer(on: a)
        let pg2 = Pid(named: PG2Server.name, on: a.name)
        #expect(server.id == pg2, "register it as PG2Server.name — \(Self.file)")
        #expect(a.whereis(PG2Server.name) == pg2, "register it as PG2Server.name — \(Self.file)")
        let table = try #require(a.table(PG2Server.tableName, as: GroupTable.self), "\(Self.file)")
        try table.checkInvariants()
        #expect(table.groups() == [], "\(Self.file)")
        let empty = try await sim.run { try await server.isEmpty() }
        #expect(empty, "\(sim.seedNote) — \(Self.file)")
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    @Test func aSecondCallReturnsTheSameServer() async throws {
        let sim = simulation(seed: 3302)
        let a = sim.addNode("a")
        let first = try startedServer(on: a)
        let table = a.table(PG2Server.tableName, as: GroupTable.self)
        #expect(try startedServer(on: a) === first, "start nothing if pg2 is registered — \(Self.file)")
        #expect(a.table(PG2Server.tableName, as: GroupTable.self) === table, "the table was replaced — \(Self.file)")
        #expect(a.processes.filter(\.isWellKnown) == [first.id], "\(Self.file)")
    }

    /// The registered name is the address: node b reaches a's server as `<a.pg2>` without asking a.
    @Test func anotherNodeReachesTheServerByItsName() async throws {
        let sim = simulation(seed: 3303)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let server = try startedServer(on: a)
        try await sim.run {
            try await server.create("chat")
            #expect(try await server.checkInvariants(), "\(sim.seedNote)")
            let remote = try b.resolve(PG2Server.name, on: a.name, as: PG2Server.self)
            #expect(try await remote.isEmpty() == false, "\(sim.seedNote) — \(Self.file)")
        }
        #expect(sim.trace.lines.contains { $0.contains("b -> a call") && $0.contains("<a.pg2>") }, "\(sim.seedNote)")
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// pg2's server is restarted when it dies, with a new, empty table.
    @Test func afterTheServerExitsANewOneStartsEmpty() async throws {
        let sim = simulation(seed: 3304)
        let a = sim.addNode("a")
        let old = try startedServer(on: a)
        try await sim.run { try await old.create("chat") }
        a.exit(Pid(named: PG2Server.name, on: a.name))
        let new = try startedServer(on: a)
        #expect(new !== old, "the old server is gone: start a new one — \(Self.file)")
        #expect(a.whereis(PG2Server.name) == new.id, "\(Self.file)")
        #expect(a.table(PG2Server.tableName, as: GroupTable.self)?.groups() == [], "\(Self.file)")
        let empty = try await sim.run { try await new.isEmpty() }
        #expect(empty, "the new server's table starts empty — \(sim.seedNote) — \(Self.file)")
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }
}
