import Cluster
import LocalTable
import Testing

/// The cost model of chapter 1's table: a write only drops the touched group's cached list; the
/// first read after it builds the list once, and every later read shares it — so a write never
/// pays for the group's size, and an unchanged group is read in O(1).
@Suite struct LazyViewTests {
    let a1 = Pid(node: "a", serial: 1)
    let b1 = Pid(node: "b", serial: 1)
    let b2 = Pid(node: "b", serial: 2)

    @Test func readsWithoutAWriteBetweenThemShareOneView() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("g")
        table.joinGroup("g", b1)
        let first = try #require(table.view(of: "g"))
        let second = try #require(table.view(of: "g"))
        #expect(first === second, "no write, no rebuild")
    }

    @Test func aWriteDropsOnlyTheTouchedGroupsView() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("g")
        table.assureGroup("h")
        table.joinGroup("g", b1)
        let g = try #require(table.view(of: "g"))
        let h = try #require(table.view(of: "h"))
        table.joinGroup("h", b2)
        #expect(table.view(of: "g") === g, "h's write leaves g's view alone")
        let rebuilt = try #require(table.view(of: "h"))
        #expect(rebuilt !== h && rebuilt.members == [b2])
        #expect(table.view(of: "h") === rebuilt, "built once, then shared")
        try table.checkInvariants()
    }

    @Test func aLeaveOfANonMemberKeepsTheView() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("g")
        table.joinGroup("g", b1)
        let view = try #require(table.view(of: "g"))
        #expect(table.leaveGroup("g", b2) == nil)
        #expect(table.view(of: "g") === view, "nothing changed, nothing rebuilt")
    }

    @Test func theGroupListFollowsCreatesAndDeletesButNotJoins() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("b")
        #expect(table.groups() == ["b"])
        table.assureGroup("a")
        #expect(table.groups() == ["a", "b"])
        table.joinGroup("a", a1)
        #expect(table.groups() == ["a", "b"])
        table.write { rows, touch in
            touch("b")
            touch("c")
            rows.deleteGroup("b")
            rows.assureGroup("c")  // one gone, one new: the count stays, the list must not
        }
        #expect(table.groups() == ["a", "c"])
        try table.checkInvariants()
    }

    @Test func aBatchIsSeenWhole() throws {
        let table = GroupTable(localNode: "a")
        table.assureGroup("g")
        table.write { rows, touch in
            touch("g")
            for pid in [b2, a1, b1, b1] { rows.joinGroup("g", pid) }
        }
        #expect(try table.members(of: "g") == [a1, b1, b1, b2])
        #expect(try table.localMembers(of: "g") == [a1])
        #expect(table.deleteGroup("g") == [a1, b1, b1, b2], "one leave per entry, sorted")
        #expect(!table.hasGroup("g") && table.groups() == [])
        try table.checkInvariants()
    }
}
