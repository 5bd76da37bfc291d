import Cluster
import LocalTable
import Testing

/// The shared table: pg2's reads (`get_members`, `get_local_members`, `which_groups`) answered
/// from published views, which must always match the rows.
@Suite struct GroupTableTests {
    let a1 = Pid(node: "a", serial: 1)
    let a2 = Pid(node: "a", serial: 2)
    let b1 = Pid(node: "b", serial: 1)

    @Test func readsOfAnUnknownGroupThrowNoSuchGroup() throws {
        let table = GroupTable(localNode: "a")
        #expect(throws: PG2Error.noSuchGroup("g")) { try table.members(of: "g") }
        #expect(throws: PG2Error.noSuchGroup("g")) { try table.localMembers(of: "g") }
        #expect(!table.hasGroup("g"))
        #expect(table.groups() == [], "which_groups never fails (rule 7)")
        try table.checkInvariants()
    }

    @Test func anEmptyGroupReadsAsAnEmptyList() throws {
        let table = GroupTable(localNode: "a")
        #expect(table.assureGroup("g"))
        try table.checkInvariants()
        #expect(try table.members(of: "g") == [])
        #expect(try table.localMembers(of: "g") == [])
        #expect(table.groups() == ["g"])
    }

    @Test func readsFollowEveryWrite() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("g")
        let steps: [(join: Bool, pid: Pid, members: [Pid], local: [Pid])] = [
            (true, b1, [b1], []),
            (true, a2, [a2, b1], [a2]),
            (true, a1, [a1, a2, b1], [a1, a2]),
            (true, a2, [a1, a2, a2, b1], [a1, a2, a2]),
            (false, a2, [a1, a2, b1], [a1, a2]),
            (false, b1, [a1, a2], [a1, a2]),
            (false, b1, [a1, a2], [a1, a2]),
        ]
        for step in steps {
            if step.join { table.joinGroup("g", step.pid) } else { table.leaveGroup("g", step.pid) }
            try table.checkInvariants()
            #expect(try table.members(of: "g") == step.members)
            #expect(try table.localMembers(of: "g") == step.local)
            #expect(try table.members(of: "g") == table.rows.members(of: "g"))
        }
    }

    @Test func joinAndLeaveReturnTheRowsAnswers() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("g")
        #expect(table.joinGroup("g", a1) == 1)
        #expect(table.joinGroup("g", a1) == 2)
        #expect(table.leaveGroup("g", a1) == 1)
        #expect(table.leaveGroup("g", b1) == nil, "b1 is not a member")
        try table.checkInvariants()
        #expect(try table.members(of: "g") == [a1])
    }

    @Test func whichGroupsIsSortedAndIncludesEmptyGroups() throws {
        let table = GroupTable(localNode: "a")
        for name in ["m", "z", "a"] {
            table.assureGroup(name)
            try table.checkInvariants()
        }
        table.joinGroup("m", b1)
        try table.checkInvariants()
        #expect(table.groups() == ["a", "m", "z"])
    }

    @Test func aDeletedGroupIsUnknownAgain() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("g")
        table.assureGroup("h")
        table.joinGroup("g", a1)
        table.joinGroup("g", b1)
        table.joinGroup("g", a1)
        #expect(table.deleteGroup("g") == [a1, a1, b1])
        try table.checkInvariants()
        #expect(throws: PG2Error.noSuchGroup("g")) { try table.members(of: "g") }
        #expect(table.groups() == ["h"])
        #expect(table.groups(of: a1) == [])
        table.deleteGroup("h")
        try table.checkInvariants()
        #expect(table.rows.isEmpty)
    }

    @Test func aWriteChangesSeveralGroupsAtOnce() throws {
        let table = GroupTable(localNode: "a")
        let moved = table.write { rows, touch in
            for name in ["from", "to"] {
                rows.assureGroup(name)
                touch(name)
            }
            rows.joinGroup("from", b1)
            rows.leaveGroup("from", b1)
            rows.joinGroup("to", b1)
            return b1
        }
        try table.checkInvariants()
        #expect(moved == b1)
        #expect(try table.members(of: "from") == [])
        #expect(try table.members(of: "to") == [b1])
        #expect(table.groups() == ["from", "to"])
        #expect(table.groups(of: b1) == ["to"])
    }

    @Test func aViewReadBeforeAWriteKeepsItsMembers() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("g")
        table.joinGroup("g", a1)
        let view = try #require(table.view(of: "g"))
        table.joinGroup("g", b1)
        try table.checkInvariants()
        #expect(view.members == [a1], "a published view is immutable")
        #expect(try table.members(of: "g") == [a1, b1])
    }

    @Test func theRowsAreACopy() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("g")
        var copy = table.rows
        copy.joinGroup("g", a1)
        #expect(try table.members(of: "g") == [], "changing a copy does not change the table")
        try table.checkInvariants()
    }
}
