import Cluster
import LocalTable
import SingleNodeServer
import TestKit
import Testing

/// Rules 11 and 13 of Chapters/PG2Rules.md, and the empty table at the end of OTP's suite.
@Suite struct DeathTests {
    @Test func aMemberThatDiesLeavesEveryGroup() async throws {
        let sim = simulation(seed: 331)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess(), q = a.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            try await pg2.create("h")
            for (group, pid) in [("g", p.id), ("g", p.id), ("g", q.id), ("h", p.id)] {
                try await pg2.join(group, pid)
                try await pg2.checkInvariants()
            }
        }
        sim.kill(p.id)
        try await sim.quiescence()  // the DOWN reaches the server, which removes every membership
        try await sim.run {
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [q.id], "rule 11 — \(sim.seedNote)")
            #expect(try pg2.members(of: "h") == [], "rule 11 — \(sim.seedNote)")
            #expect(try pg2.whichGroups() == ["g", "h"], "death removes members, never groups — \(sim.seedNote)")
            #expect(a.monitoredPids == [q.id], sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    /// A process here also ends when its last reference goes (a `normal` exit): it leaves too.
    @Test func aMemberThatEndsNormallyLeavesToo() async throws {
        let sim = simulation(seed: 332)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        var p: ProcessActor? = a.spawnProcess()
        let pid = p!.id
        try await sim.run {
            try await pg2.create("g")
            try await pg2.join("g", pid)
            try await pg2.checkInvariants()
        }
        p = nil
        try await sim.settle {
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [], sim.comment)
            #expect(a.monitoredPids == [], sim.comment)
        }
    }

    /// Rule 13: the server does not check that a pid is alive; its monitor does, with `noproc`.
    @Test func joiningADeadPidIsOkAndItVanishes() async throws {
        let sim = simulation(seed: 333)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess()
        sim.kill(p.id)
        let never = Pid(node: "a", serial: 99)  // no process ever had this pid
        try await sim.run {
            try await pg2.create("g")
            try await pg2.join("g", p.id)
            try await pg2.join("g", never)
            try await pg2.checkInvariants()
        }
        try await sim.settle {
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [], sim.comment)
            #expect(a.monitoredPids == [], sim.comment)
        }
    }

    /// OTP's suite ends every test this way: no group row, no member row, no monitor left behind.
    @Test func afterDeletingEveryGroupAndKillingEveryPidNothingIsLeft() async throws {
        let sim = simulation(seed: 334)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess(), q = a.spawnProcess(), r = b.spawnProcess()
        let joins = [("g", p.id), ("g", p.id), ("g", r.id), ("h", q.id), ("h", p.id), ("i", r.id)]
        try await sim.run {
            for name in ["g", "h", "i", "empty"] { try await pg2.create(name) }
            for (group, pid) in joins {
                try await pg2.join(group, pid)
                try await pg2.checkInvariants()
            }
            try await pg2.leave("h", q.id)
            try await pg2.delete("g")
            try await pg2.checkInvariants()
        }
        for pid in [p.id, q.id, r.id] { sim.kill(pid) }
        try await sim.settle {
            try await pg2.checkInvariants()
            #expect(try pg2.whichGroups() == ["empty", "h", "i"], sim.comment)
            for name in try pg2.whichGroups() {
                #expect(try pg2.members(of: name) == [], sim.comment)
                try await pg2.delete(name)
                try await pg2.checkInvariants()
            }
            #expect(try await pg2.serverIsEmpty(), "the table leaked rows — \(sim.seedNote)")
            #expect(a.monitoredPids == [], "the server leaked monitors — \(sim.seedNote)")
        }
    }
}
