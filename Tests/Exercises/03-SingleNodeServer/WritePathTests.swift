import Cluster
import LocalTable
import SingleNodeServer
import SingleNodeServerExercises
import Testing

/// Exercise 3.2 — edit Exercises/03-SingleNodeServer/WritePath.swift
@Suite("Exercise 3.2 — The write path") struct WritePathTests {
    static let file = "edit Exercises/03-SingleNodeServer/WritePath.swift"

    /// The server's and the published table's invariants on `node`.
    static func checkInvariants(on node: Node) async throws {
        #expect(try await PG2Server.ensureStarted(on: node).checkInvariants())
        try #require(node.table(PG2Server.tableName, as: GroupTable.self)).checkInvariants()
    }

    @Test func aJoinReachesTheTable() async throws {
        let sim = simulation(seed: 3201)
        let a = sim.addNode("a")
        let p = a.spawnProcess()
        try await sim.run {
            try await PG2(node: a).create("chat")
            try await join("chat", p.id, on: a)
            try await Self.checkInvariants(on: a)
            try await join("chat", p.id, on: a)
            try await Self.checkInvariants(on: a)
            #expect(try PG2(node: a).members(of: "chat") == [p.id, p.id], "\(sim.seedNote) — \(Self.file)")
            #expect(a.monitoredPids == [p.id], "the server monitors its member — \(sim.seedNote)")
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    @Test func aPidOfAnotherNodeMayJoin() async throws {
        let sim = simulation(seed: 3202)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let remote = b.spawnProcess()
        try await sim.run {
            try await PG2(node: a).create("chat")
            try await join("chat", remote.id, on: a)
            try await Self.checkInvariants(on: a)
            #expect(try PG2(node: a).members(of: "chat") == [remote.id], "\(sim.seedNote) — \(Self.file)")
            #expect(try PG2(node: a).localMembers(of: "chat") == [], "\(sim.seedNote) — \(Self.file)")
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    /// A spy: the published table lacks `chat`, the server's own table has it. A join that asked
    /// the server anyway would land in the server's table; the refusal must come from the table.
    @Test func anUnknownGroupIsRefusedWithoutCallingTheServer() async throws {
        let sim = simulation(seed: 3203)
        let a = sim.addNode("a")
        let p = a.spawnProcess()
        try await sim.run {
            try await PG2(node: a).create("chat")
            let real = try PG2(node: a).table
            a.publishTable(GroupTable(localNode: a.name), as: PG2Server.tableName)
            try await expectPG2Error(.noSuchGroup("chat"), "\(sim.seedNote) — \(Self.file)") {
                try await join("chat", p.id, on: a)
            }
            #expect(try real.members(of: "chat") == [], "the server was called — \(sim.seedNote) — \(Self.file)")
            a.publishTable(real, as: PG2Server.tableName)
            try await Self.checkInvariants(on: a)
            #expect(a.monitoredPids == [], "\(sim.seedNote) — \(Self.file)")
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    @Test func aJoinOnANodeWithoutAServerStartsIt() async throws {
        let sim = simulation(seed: 3204)
        let a = sim.addNode("a")
        let p = a.spawnProcess()
        try await sim.run {
            try await expectPG2Error(.noSuchGroup("chat"), "\(sim.seedNote) — \(Self.file)") {
                try await join("chat", p.id, on: a)
            }
            #expect(a.whereis(PG2Server.name) != nil, "ensure the server first — \(sim.seedNote) — \(Self.file)")
            try await Self.checkInvariants(on: a)
            #expect(try PG2(node: a).whichGroups() == [], "\(sim.seedNote) — \(Self.file)")
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }

    @Test func aDeadPidJoinsAndThenVanishes() async throws {
        let sim = simulation(seed: 3205)
        let a = sim.addNode("a")
        let p = a.spawnProcess()
        sim.kill(p.id)
        try await sim.run {
            try await PG2(node: a).create("chat")
            try await join("chat", p.id, on: a)  // ok: the join does not check for life
            try await Self.checkInvariants(on: a)
        }
        try await sim.quiescence()  // the monitor reports noproc, the server removes the member
        try await sim.run {
            try await Self.checkInvariants(on: a)
            #expect(try PG2(node: a).members(of: "chat") == [], "\(sim.seedNote) — \(Self.file)")
            #expect(a.monitoredPids == [], "\(sim.seedNote) — \(Self.file)")
        }
        #expect(sim.escapedJobs == 0, "\(sim.seedNote)")
    }
}
