import Cluster
import LocalTable
import Testing

/// Listing the table: `which_groups` (rule 7), `member_groups` and `all_members`.
@Suite struct GroupListingTests {
    let a1 = Pid(node: "a", serial: 1)
    let b1 = Pid(node: "b", serial: 1)

    @Test func anEmptyTableHasNoGroups() throws {
        let rows = GroupRows(localNode: "a")
        #expect(rows.allGroups == [])
        #expect(rows.allMembers.isEmpty)
        #expect(rows.isEmpty)
        try rows.checkInvariants()
    }

    @Test func whichGroupsIsSortedAndIncludesEmptyGroups() throws {
        var rows = GroupRows(localNode: "a")
        for name in ["zebra", "apple", "mango"] {
            rows.assureGroup(name)
            try rows.checkInvariants()
        }
        rows.joinGroup("mango", a1)
        try rows.checkInvariants()
        #expect(rows.allGroups == ["apple", "mango", "zebra"], "apple and zebra are empty, and listed")
    }

    @Test func aGroupWhoseLastMemberLeftIsStillListed() throws {
        var rows = GroupRows(localNode: "a")
        rows.assureGroup("g")
        rows.joinGroup("g", b1)
        rows.leaveGroup("g", b1)
        try rows.checkInvariants()
        #expect(rows.allGroups == ["g"])
    }

    @Test func groupsOfAPidAreItsGroupsSorted() throws {
        var rows = GroupRows(localNode: "a")
        for name in ["c", "a", "b"] { rows.assureGroup(name) }
        rows.joinGroup("c", a1)
        rows.joinGroup("a", a1)
        rows.joinGroup("a", a1)
        rows.joinGroup("b", b1)
        try rows.checkInvariants()
        #expect(rows.groups(of: a1) == ["a", "c"])
        #expect(rows.groups(of: b1) == ["b"])
        #expect(rows.groups(of: Pid(node: "a", serial: 99)) == [])
    }

    @Test func allMembersListsEveryGroupWithItsMembersByName() throws {
        var rows = GroupRows(localNode: "a")
        for name in ["y", "x", "empty"] { rows.assureGroup(name) }
        rows.joinGroup("y", b1)
        rows.joinGroup("y", a1)
        rows.joinGroup("x", a1)
        rows.joinGroup("x", a1)
        try rows.checkInvariants()
        let all = rows.allMembers
        #expect(all.map(\.name) == ["empty", "x", "y"])
        #expect(all.map(\.members) == [[], [a1, a1], [a1, b1]])
    }
}
