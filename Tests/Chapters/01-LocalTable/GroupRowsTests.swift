import Cluster
import LocalTable
import Testing

/// Joins and leaves on one node's rows: rules 3, 4 and 5 of Chapters/PG2Rules.md, as table operations.
@Suite struct GroupRowsTests {
    let a1 = Pid(node: "a", serial: 1)
    let a2 = Pid(node: "a", serial: 2)
    let b1 = Pid(node: "b", serial: 1)
    let c1 = Pid(node: "c", serial: 1)

    /// Node a's rows with the group `g`.
    func rowsWithG() throws -> GroupRows {
        var rows = GroupRows(localNode: "a")
        let created = rows.assureGroup("g")
        #expect(created)
        try rows.checkInvariants()
        return rows
    }

    @Test func aNewGroupExistsAndIsEmpty() throws {
        var rows = try rowsWithG()
        #expect(rows.hasGroup("g"))
        #expect(rows.members(of: "g") == [])
        #expect(rows.localMembers(of: "g") == [])
        let createdAgain = rows.assureGroup("g")
        #expect(!createdAgain, "assureGroup is idempotent (rule 1)")
        #expect(rows.allGroups == ["g"])
        try rows.checkInvariants()
    }

    @Test func theFirstJoinCreatesTheMemberLocalAndIndexRows() throws {
        var rows = try rowsWithG()
        #expect(rows.joinGroup("g", a1) == 1)
        #expect(rows.memberCounts["g"] == [a1: 1])
        #expect(rows.localMembers["g"] == [a1])
        #expect(rows.pidIndex[a1] == ["g"])
        try rows.checkInvariants()
    }

    @Test func joiningTwiceListsThePidTwice() throws {
        var rows = try rowsWithG()
        rows.joinGroup("g", b1)
        try rows.checkInvariants()
        #expect(rows.joinGroup("g", b1) == 2)
        #expect(rows.members(of: "g") == [b1, b1], "rule 3: the pid is listed once per join")
        #expect(rows.count(of: b1, in: "g") == 2)
        try rows.checkInvariants()
    }

    @Test func aPidOfAnyNodeMayJoin() throws {
        var rows = try rowsWithG()
        for pid in [c1, b1, a1] {
            rows.joinGroup("g", pid)
            try rows.checkInvariants()
        }
        #expect(rows.members(of: "g") == [a1, b1, c1])
    }

    @Test func membersAreSortedByPidWithDuplicatesAdjacent() throws {
        var rows = try rowsWithG()
        let a1At2 = Pid(node: "a", creation: 2, serial: 1)
        let a10 = Pid(node: "a", serial: 10)
        // Joins in scrambled order: the list's order must not depend on the order of joins.
        for pid in [c1, a10, b1, a1At2, a2, c1, a1, a10, c1, a1At2] {
            rows.joinGroup("g", pid)
            try rows.checkInvariants()
        }
        // Node, then creation (incarnation), then serial as a number (rule 5).
        #expect(rows.members(of: "g") == [a1, a2, a10, a10, a1At2, a1At2, b1, c1, c1, c1])
    }

    @Test func leavingOnceRemovesOneCopy() throws {
        var rows = try rowsWithG()
        rows.joinGroup("g", a1)
        rows.joinGroup("g", a1)
        rows.joinGroup("g", b1)
        try rows.checkInvariants()
        #expect(rows.leaveGroup("g", a1) == 1)
        #expect(rows.members(of: "g") == [a1, b1], "rule 4: one leave undoes one join")
        #expect(rows.localMembers["g"] == [a1], "still a member, still a local member")
        try rows.checkInvariants()
    }

    @Test func theLastLeaveRemovesTheMemberLocalAndIndexRows() throws {
        var rows = try rowsWithG()
        let empty = rows
        rows.joinGroup("g", a1)
        try rows.checkInvariants()
        #expect(rows.leaveGroup("g", a1) == 0)
        #expect(rows == empty, "no row of the membership may stay behind")
        #expect(rows.hasGroup("g"), "the group outlives its last member")
        try rows.checkInvariants()
    }

    @Test func leavingANonMemberChangesNothingAndReturnsNil() throws {
        var rows = try rowsWithG()
        rows.assureGroup("h")
        rows.joinGroup("h", a1)
        try rows.checkInvariants()
        let before = rows
        #expect(rows.leaveGroup("g", a1) == nil, "a1 is in h, not in g (rule 4, OTP-7277)")
        #expect(rows.leaveGroup("g", b1) == nil, "b1 is in no group at all")
        #expect(rows.leaveGroup("unknown", a1) == nil, "there is no group called unknown")
        #expect(rows == before)
        try rows.checkInvariants()
    }

    @Test func membershipsInDifferentGroupsAreCountedApart() throws {
        var rows = try rowsWithG()
        rows.assureGroup("h")
        rows.joinGroup("g", b1)
        rows.joinGroup("h", b1)
        rows.joinGroup("h", b1)
        try rows.checkInvariants()
        #expect(rows.groups(of: b1) == ["g", "h"])
        #expect(rows.leaveGroup("h", b1) == 1)
        #expect(rows.groups(of: b1) == ["g", "h"])
        try rows.checkInvariants()
        #expect(rows.leaveGroup("g", b1) == 0)
        #expect(rows.groups(of: b1) == ["h"])
        #expect(rows.members(of: "h") == [b1])
        try rows.checkInvariants()
    }
}
