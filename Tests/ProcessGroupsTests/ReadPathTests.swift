import ProcessGroups
import TestKit
import Testing

/// The read path keeps the table it found, and looks again when that table retires: a read after
/// the pg2 server ended sees the new server's table, as pg2's `ensure_started` would give it.
@Suite struct ReadPathTests {
    @Test func aHeldHandleSeesTheNewTableAfterTheServerEnds() async throws {
        let sim = simulation(seed: 91)
        let a = try sim.cluster("a", running: ProcessGroups.start(on:))[0]
        let pg = pg2(a)
        let p = a.spawnProcess()
        try await sim.run {
            try await pg.create("g")
            try await pg.join("g", p.id)
        }
        #expect(try pg.members(of: "g") == [p.id], sim.comment)
        a.exit(Pid(named: "pg2", on: "a"))
        #expect(throws: PG2Error.noSuchGroup("g"), "a new server, a new empty table") { try pg.members(of: "g") }
        #expect(pg.whichGroups() == [])
        try await sim.run {
            try await pg.create("h")
            try await checkAll([a], sim)
        }
        #expect(try pg.members(of: "h") == [], sim.comment)
    }

    @Test func aHandleOnACrashedNodeFailsItsReads() async throws {
        let sim = simulation(seed: 92)
        let a = try sim.cluster("a", running: ProcessGroups.start(on:))[0]
        let pg = pg2(a)
        try await sim.run { try await pg.create("g") }
        #expect(try pg.members(of: "g") == [])
        sim.crash("a")
        #expect(throws: CallError.self) { try pg.members(of: "g") }
        #expect(pg.whichGroups() == [])
    }
}
