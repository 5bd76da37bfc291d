import Cluster
import PG
import Testing

/// ``ScopeTable``: chapter 1's lazily built views, over pg's rows.
@Suite struct ScopeTableTests {
    @Test func aReadBuildsTheViewOnceAndEveryReadUntilTheNextWriteSharesIt() throws {
        let table = ScopeTable(scope: "pg", localNode: "a")
        let (mine, theirs) = (pid("a", 1), pid("b", 1))
        table.write { rows, touch in
            touch("g")
            rows.prepend("g", [mine, theirs])
        }
        let first = try #require(table.view(of: "g"))
        #expect(table.view(of: "g") === first)
        #expect(first.members == [mine, theirs] && first.localMembers == [mine])
        table.write { rows, touch in
            touch("g")
            rows.prepend("g", [theirs])
        }
        #expect(table.view(of: "g") !== first && table.members(of: "g") == [theirs, mine, theirs])
        try table.checkViews()
    }

    @Test func groupListsFollowRowsThatComeAndGo() throws {
        let table = ScopeTable(scope: "pg", localNode: "a")
        let (mine, theirs) = (pid("a", 1), pid("b", 1))
        table.write { rows, touch in
            for (group, pids) in [("z", [theirs]), ("m", [mine]), ("empty", [])] {
                touch(group)
                rows.prepend(group, pids)
            }
        }
        #expect(table.groups() == ["empty", "m", "z"] && table.localGroups() == ["m"])
        table.write { rows, touch in
            touch("m")
            rows.removeNewest("m", mine)
            rows.deleteRow("m")
        }
        #expect(table.groups() == ["empty", "z"] && table.localGroups() == [] && table.members(of: "m") == [])
        try table.checkViews()
    }
}

/// Readers on other threads never see a write half done: each write replaces g's three entries of
/// one pid with three of the next, and every read must show three of one pid, or nothing yet.
/// Plain Swift concurrency, not the simulator: this is about real threads.
@Suite struct ScopeTableConcurrencyTests {
    @Test func readersOnOtherThreadsSeeEveryWriteWholeOrNotAtAll() async {
        let table = ScopeTable(scope: "pg", localNode: "a")
        let writes: UInt64 = 500
        await withTaskGroup(of: [String].self) { group in
            group.addTask {
                for w in 1...writes {
                    table.write { rows, touch in
                        touch("g")
                        for _ in 0..<3 { rows.removeNewest("g", Pid(node: w % 2 == 0 ? "b" : "a", serial: w - 1)) }
                        let next = Pid(node: w % 2 == 1 ? "b" : "a", serial: w)
                        rows.prepend("g", [next, next, next])
                    }
                }
                return []
            }
            for _ in 0..<4 {
                group.addTask {
                    var torn: [String] = []
                    for _ in 0..<2_000 {
                        let view = table.view(of: "g")  // one read: members and local members together
                        let (members, local) = (view?.members ?? [], view?.localMembers ?? [])
                        let whole = members.isEmpty || (members.count == 3 && Set(members).count == 1)
                        let localOK = local == members.filter { $0.node == "a" }
                        if !whole || !localOK { torn.append("\(members) / \(local)") }
                    }
                    return torn
                }
            }
            for await torn in group { #expect(torn.isEmpty, "torn reads: \(torn.prefix(3))") }
        }
    }
}
