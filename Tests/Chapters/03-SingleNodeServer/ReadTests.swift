import Cluster
import LocalTable
import SingleNodeServer
import TestKit
import Testing

/// Rules 5–7 of Chapters/PG2Rules.md: the reads, which go to the table and never to the server.
@Suite struct ReadTests {
    @Test func membersAreSortedByPidWithDuplicatesAdjacent() async throws {
        let sim = simulation(seed: 311)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let pg2 = PG2(node: a)
        let p1 = a.spawnProcess(), p2 = a.spawnProcess(), r = b.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            for pid in [r.id, p2.id, p1.id, p2.id, r.id] {  // joined out of order
                try await pg2.join("g", pid)
                try await pg2.checkInvariants()
            }
            // rule 5: node first, then serial — a's pids before b's; each pid's copies side by side
            #expect(try pg2.members(of: "g") == [p1.id, p2.id, p2.id, r.id, r.id], sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    @Test func localMembersAreOnlyThisNodesPids() async throws {
        let sim = simulation(seed: 312)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess(), r = b.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            for pid in [r.id, p.id, p.id] {
                try await pg2.join("g", pid)
                try await pg2.checkInvariants()
            }
            #expect(try pg2.localMembers(of: "g") == [p.id, p.id], "rule 6 — \(sim.seedNote)")
            // One node only, in this chapter: b's own table has never heard of g.
            #expect(throws: PG2Error.noSuchGroup("g"), sim.comment) { try PG2(node: b).localMembers(of: "g") }
        }
        sim.expectNoEscapedJobs()
    }

    @Test func emptyGroupsAreListedAndEmpty() async throws {
        let sim = simulation(seed: 313)
        let pg2 = PG2(node: sim.addNode("a"))
        try await sim.run {
            try await pg2.create("g")
            try await pg2.checkInvariants()
            #expect(try pg2.members(of: "g") == [], sim.comment)
            #expect(try pg2.localMembers(of: "g") == [], sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    @Test func whichGroupsIsSortedAndIncludesEmptyGroups() async throws {
        let sim = simulation(seed: 314)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess()
        try await sim.run {
            #expect(try pg2.whichGroups() == [], "rule 7: no groups is not an error — \(sim.seedNote)")
            for name in ["zeta", "alpha", "mid"] {
                try await pg2.create(name)
                try await pg2.checkInvariants()
            }
            try await pg2.join("mid", p.id)
            try await pg2.checkInvariants()
            #expect(try pg2.whichGroups() == ["alpha", "mid", "zeta"], sim.comment)
        }
        sim.expectNoEscapedJobs()
    }

    @Test func readingAnUnknownGroupThrowsNoSuchGroup() async throws {
        let sim = simulation(seed: 315)
        let pg2 = PG2(node: sim.addNode("a"))
        try await sim.run {
            try await pg2.create("g")
            #expect(throws: PG2Error.noSuchGroup("h"), sim.comment) { try pg2.members(of: "h") }
            #expect(throws: PG2Error.noSuchGroup("h"), sim.comment) { try pg2.localMembers(of: "h") }
            try await pg2.checkInvariants()
        }
        sim.expectNoEscapedJobs()
    }

    /// Reads are plain synchronous functions: they cannot wait for the server, and they work
    /// after the simulation has stopped, when nothing at all is running to answer a call.
    @Test func readsNeverWaitForTheServer() async throws {
        let sim = simulation(seed: 316)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            try await pg2.join("g", p.id)
            try await pg2.checkInvariants()
        }
        let read = try Self.readEverything(pg2)  // no `await`, no simulation driving it
        #expect(read.members == [p.id] && read.local == [p.id], sim.comment)
        #expect(read.groups == ["g"] && read.closest == p.id, sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// Synchronous on purpose: the compiler would reject an `await` in here.
    static func readEverything(_ pg2: PG2) throws -> (members: [Pid], local: [Pid], groups: [GroupName], closest: Pid) {
        (try pg2.members(of: "g"), try pg2.localMembers(of: "g"), try pg2.whichGroups(), try pg2.closestMember(of: "g"))
    }
}
