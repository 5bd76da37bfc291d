import Cluster
import LocalTable
import Testing

/// Deleting a group on one node (rule 2, one server's part): one leave per count, then the group
/// row goes — and a table whose groups are all deleted is empty.
@Suite struct DeleteGroupTests {
    let a1 = Pid(node: "a", serial: 1)
    let b1 = Pid(node: "b", serial: 1)
    let b2 = Pid(node: "b", serial: 2)

    @Test func deleteLeavesOncePerCountAndReturnsTheLeaves() throws {
        var rows = GroupRows(localNode: "a")
        rows.assureGroup("g")
        for pid in [b1, a1, b1, b2, a1, b1] { rows.joinGroup("g", pid) }
        try rows.checkInvariants()
        #expect(rows.deleteGroup("g") == [a1, a1, b1, b1, b1, b2], "one leave per entry of the list")
        #expect(!rows.hasGroup("g"))
        #expect(rows.isEmpty, "the table is empty: no group, member, local or index row")
        try rows.checkInvariants()
    }

    @Test func deletingEveryGroupEmptiesTheTable() throws {
        var rows = GroupRows(localNode: "a")
        for name in ["g", "h", "empty"] { rows.assureGroup(name) }
        rows.joinGroup("g", a1)
        rows.joinGroup("h", a1)
        rows.joinGroup("h", b1)
        try rows.checkInvariants()
        for name in rows.allGroups {
            rows.deleteGroup(name)
            try rows.checkInvariants()
        }
        #expect(rows.isEmpty)
        #expect(rows == GroupRows(localNode: "a"))
    }

    @Test func deletingOneGroupLeavesTheOthersAlone() throws {
        var rows = GroupRows(localNode: "a")
        rows.assureGroup("g")
        rows.assureGroup("h")
        rows.joinGroup("g", a1)
        rows.joinGroup("h", a1)
        rows.joinGroup("h", b1)
        try rows.checkInvariants()
        #expect(rows.deleteGroup("g") == [a1])
        #expect(rows.allGroups == ["h"])
        #expect(rows.members(of: "h") == [a1, b1])
        #expect(rows.groups(of: a1) == ["h"], "a1's index keeps h, loses g")
        #expect(rows.localMembers(of: "h") == [a1])
        try rows.checkInvariants()
    }

    @Test func deletingAnUnknownGroupChangesNothing() throws {
        var rows = GroupRows(localNode: "a")
        rows.assureGroup("g")
        rows.joinGroup("g", b1)
        let before = rows
        #expect(rows.deleteGroup("unknown") == [])
        #expect(rows == before)
        try rows.checkInvariants()
    }

    @Test func aDeletedGroupCanBeCreatedAgainEmpty() throws {
        var rows = GroupRows(localNode: "a")
        rows.assureGroup("g")
        rows.joinGroup("g", a1)
        rows.deleteGroup("g")
        try rows.checkInvariants()
        let created = rows.assureGroup("g")
        #expect(created, "the group is new again")
        #expect(rows.members(of: "g") == [], "no member survives the delete")
        try rows.checkInvariants()
    }
}
