import Cluster
import LocalTable
import SingleNodeServer
import TestKit
import Testing

/// Rule 8 of Chapters/PG2Rules.md: `get_closest_pid`, on a seeded node so every draw replays.
@Suite struct ClosestMemberTests {
    /// How often each pid is picked in `draws` calls.
    static func tally(_ pg2: PG2, _ name: GroupName, draws: Int) throws -> [Pid: Int] {
        var seen: [Pid: Int] = [:]
        for _ in 0..<draws { seen[try pg2.closestMember(of: name), default: 0] += 1 }
        return seen
    }

    @Test func oneLocalMemberIsAlwaysTheOneChosen() async throws {
        let sim = simulation(seed: 321)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess(), r1 = b.spawnProcess(), r2 = b.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            for pid in [r1.id, p.id, r2.id] { try await pg2.join("g", pid) }
            try await pg2.checkInvariants()
        }
        #expect(
            try Self.tally(pg2, "g", draws: 200) == [p.id: 200], "remote members are never closer — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }

    @Test func twoLocalMembersAreChosenAtRandomAndNeverARemoteOne() async throws {
        let sim = simulation(seed: 322)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess(), q = a.spawnProcess(), r = b.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            for pid in [p.id, q.id, r.id] { try await pg2.join("g", pid) }
            try await pg2.checkInvariants()
        }
        let seen = try Self.tally(pg2, "g", draws: 200)
        #expect(Set(seen.keys) == [p.id, q.id], "both local pids, and only they — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }

    /// One pid joined twice is two local entries: pg2 draws among them, so the single local pid
    /// is not returned as if it were "exactly one local member".
    @Test func aPidJoinedTwiceCountsAsTwoLocalEntries() async throws {
        let sim = simulation(seed: 323)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let pg2 = PG2(node: a)
        let p = a.spawnProcess(), r = b.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            for pid in [p.id, p.id, r.id] { try await pg2.join("g", pid) }
            try await pg2.checkInvariants()
        }
        #expect(try Self.tally(pg2, "g", draws: 100) == [p.id: 100], sim.comment)
        sim.expectNoEscapedJobs()
    }

    @Test func theChoiceIsWeightedByJoinCount() async throws {
        let sim = simulation(seed: 324)
        let a = sim.addNode("a")
        let pg2 = PG2(node: a)
        let twice = a.spawnProcess(), once = a.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            for pid in [twice.id, twice.id, once.id] { try await pg2.join("g", pid) }
            try await pg2.checkInvariants()
        }
        let seen = try Self.tally(pg2, "g", draws: 3000)
        let share = Double(seen[twice.id, default: 0]) / 3000
        // Expected 2/3; the band is about ±7 standard deviations wide, and the seed fixes the draw.
        #expect((0.6...0.73).contains(share), "share of the twice-joined pid \(share) — \(sim.seedNote)")
        sim.expectNoEscapedJobs()
    }

    @Test func withNoLocalMemberAnyMemberMayBeChosen() async throws {
        let sim = simulation(seed: 325)
        let a = sim.addNode("a"), b = sim.addNode("b")
        let pg2 = PG2(node: a)
        let r1 = b.spawnProcess(), r2 = b.spawnProcess()
        try await sim.run {
            try await pg2.create("g")
            for pid in [r1.id, r2.id] { try await pg2.join("g", pid) }
            try await pg2.checkInvariants()
        }
        #expect(Set(try Self.tally(pg2, "g", draws: 200).keys) == [r1.id, r2.id], sim.comment)
        sim.expectNoEscapedJobs()
    }

    @Test func anEmptyGroupHasNoProcessAndAnUnknownOneNoSuchGroup() async throws {
        let sim = simulation(seed: 326)
        let pg2 = PG2(node: sim.addNode("a"))
        try await sim.run {
            try await pg2.create("g")
            try await pg2.checkInvariants()
        }
        #expect(throws: PG2Error.noProcess("g"), sim.comment) { try pg2.closestMember(of: "g") }
        #expect(throws: PG2Error.noSuchGroup("h"), sim.comment) { try pg2.closestMember(of: "h") }
        sim.expectNoEscapedJobs()
    }

    /// Anomaly A6 of Chapters/PG2Rules.md: `get_closest_pid` reads the table twice and nothing
    /// holds it in between. With no local member, the first read finds the group; the pg2 server's
    /// `delete_group` landing before the second read makes the call fail — in pg2 with a crash (a
    /// random pick from an error tuple), here with `noSuchGroup` — though the group existed, with
    /// a member, when the call began. Played on a table of node a with one member on b.
    @Test func aDeleteBetweenTheTwoReadsFailsTheCall() throws {
        let table = GroupTable(localNode: "a")
        let remote = Pid(node: "b", serial: 1)
        table.assureGroup("g")
        table.joinGroup("g", remote)
        var random = NodeRandom(seed: 327)
        let firstRead = { () throws(PG2Error) in try table.localMembers(of: "g") }
        let secondRead = { () throws(PG2Error) in try table.members(of: "g") }
        // The two reads back to back: the remote member is the closest.
        #expect(
            try ClosestMember.choose(in: "g", localMembers: firstRead, members: secondRead, using: &random) == remote)
        // The delete between them: the first read saw g (and no local member), the second does not.
        #expect(throws: PG2Error.noSuchGroup("g")) {
            try ClosestMember.choose(
                in: "g", localMembers: firstRead,
                members: { () throws(PG2Error) in
                    #expect(table.deleteGroup("g") == [remote])
                    return try secondRead()
                }, using: &random)
        }
        // The other order is no anomaly: deleted before the first read, the call fails there.
        #expect(throws: PG2Error.noSuchGroup("g")) { try table.localMembers(of: "g") }
    }
}
