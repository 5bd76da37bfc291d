import Cluster
import LocalTable
import LocalTableExercises
import Testing

/// Exercise 1.2 — edit Exercises/01-LocalTable/LeaveCounting.swift
@Suite("Exercise 1.2 — Leaving by one") struct LeaveCountingTests {
    /// A worker on this node (a) and one on another node (b).
    let local = Pid(node: "a", serial: 1)
    let remote = Pid(node: "b", serial: 1)

    /// The pool `jobs` on node a, with `joins` applied by the chapter's own `joinGroup`.
    func pool(_ joins: [Pid] = []) throws -> GroupRows {
        var rows = GroupRows(localNode: "a")
        rows.assureGroup("jobs")
        for pid in joins { rows.joinGroup("jobs", pid) }
        try rows.checkInvariants()
        return rows
    }

    @Test func leavingOnceRemovesOneCopy() throws {
        var rows = try pool([local, local])
        #expect(try recordLeave("jobs", local, in: &rows) == 1, "edit LeaveCounting.swift")
        #expect(rows.members(of: "jobs") == [local])
        #expect(rows.localMembers["jobs"] == [local], "a member with count 1 keeps its local row")
        #expect(rows.pidIndex[local] == ["jobs"], "a member with count 1 keeps its index row")
        try rows.checkInvariants()
    }

    @Test func theLastLeaveRemovesEveryRowOfTheMembership() throws {
        var rows = try pool([local])
        let nobody = try pool()
        #expect(try recordLeave("jobs", local, in: &rows) == 0)
        #expect(rows.memberCounts["jobs"] == nil, "no empty member map may stay behind")
        #expect(rows.localMembers["jobs"] == nil, "no empty local-member set may stay behind")
        #expect(rows.pidIndex[local] == nil, "no empty index entry may stay behind")
        #expect(rows == nobody, "the pool must look as if nobody ever joined")
        try rows.checkInvariants()
    }

    @Test func leavingTwiceAfterJoiningTwiceEmptiesTheGroup() throws {
        var rows = try pool([remote, remote])
        #expect(try recordLeave("jobs", remote, in: &rows) == 1)
        try rows.checkInvariants()
        #expect(try recordLeave("jobs", remote, in: &rows) == 0)
        #expect(rows.members(of: "jobs") == [])
        #expect(rows.hasGroup("jobs"), "leaving never removes the group itself")
        try rows.checkInvariants()
    }

    @Test func leavingANonMemberChangesNothingAndReturnsNil() throws {
        var rows = try pool([local])
        let before = rows
        #expect(try recordLeave("jobs", remote, in: &rows) == nil, "remote never joined jobs")
        #expect(rows == before, "a leave of a non-member must not touch any row")
        try rows.checkInvariants()
    }

    @Test func leavingAGroupThePidIsNotInKeepsItsOtherMemberships() throws {
        var rows = try pool([local])
        rows.assureGroup("reports")
        let before = rows
        #expect(try recordLeave("reports", local, in: &rows) == nil)
        #expect(rows == before, "local is in jobs, not in reports: nothing may change (OTP-7277)")
        try rows.checkInvariants()
    }

    @Test func leavingAnUnknownGroupReturnsNil() throws {
        var rows = try pool([local])
        let before = rows
        #expect(try recordLeave("no-such-group", local, in: &rows) == nil)
        #expect(rows == before)
        try rows.checkInvariants()
    }

    @Test func aPidInTwoGroupsKeepsTheOtherInItsIndex() throws {
        var rows = try pool([local])
        rows.assureGroup("reports")
        rows.joinGroup("reports", local)
        #expect(try recordLeave("jobs", local, in: &rows) == 0)
        #expect(rows.groups(of: local) == ["reports"])
        #expect(rows.members(of: "reports") == [local])
        try rows.checkInvariants()
    }

    @Test func theLastLocalMemberLeavingKeepsTheRemoteOnes() throws {
        var rows = try pool([local, remote])
        #expect(try recordLeave("jobs", local, in: &rows) == 0)
        #expect(rows.members(of: "jobs") == [remote])
        #expect(rows.localMembers["jobs"] == nil, "the last local member took its set with it")
        #expect(rows.localMembers(of: "jobs") == [])
        try rows.checkInvariants()
    }

    /// Random joins and leaves on a few pids of three nodes and two groups, applied to two tables:
    /// one through the chapter's `GroupRows`, one with your `recordLeave` for every leave. After
    /// every step the results and the whole tables must agree.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func agreesWithTheChaptersLeaveOnRandomSequences(seed: UInt64) throws {
        var random = NodeRandom(seed: seed)
        let pids = ["a", "b", "c"].flatMap { node in (1...2).map { Pid(node: node, serial: $0) } }
        let groups: [GroupName] = ["jobs", "reports"]
        var expected = GroupRows(localNode: "a")
        for name in groups { expected.assureGroup(name) }
        var yours = expected
        for step in 0..<300 {
            let name = groups.randomElement(using: &random)!
            let pid = pids.randomElement(using: &random)!
            if Bool.random(using: &random) {
                expected.joinGroup(name, pid)
                yours.joinGroup(name, pid)
            } else {
                let want = expected.leaveGroup(name, pid)
                let got = try recordLeave(name, pid, in: &yours)
                #expect(got == want, "seed \(seed), step \(step): leave \(pid) from \(name)")
            }
            try #require(yours == expected, "seed \(seed), step \(step): the tables differ")
            try yours.checkInvariants()
        }
    }
}
