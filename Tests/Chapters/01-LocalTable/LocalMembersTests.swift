import Cluster
import LocalTable
import Testing

/// Local members (rule 6): on each node, exactly the members that live there; across the nodes,
/// together, the whole member list — and every node lists the members identically (rule 5).
@Suite struct LocalMembersTests {
    let nodes: [NodeName] = ["a", "b", "c"]

    /// The same joins and leaves, applied to one table per node: what multi-call does in chapter 4.
    func tables(_ steps: [(join: Bool, pid: Pid)]) throws -> [GroupRows] {
        var tables = nodes.map { GroupRows(localNode: $0) }
        for i in tables.indices { tables[i].assureGroup("g") }
        for step in steps {
            for i in tables.indices {
                if step.join {
                    tables[i].joinGroup("g", step.pid)
                } else {
                    tables[i].leaveGroup("g", step.pid)
                }
                try tables[i].checkInvariants()
            }
        }
        return tables
    }

    var pids: [Pid] { nodes.flatMap { node in (1...2).map { Pid(node: node, serial: $0) } } }

    @Test func localMembersAreExactlyTheMembersOfThisNode() throws {
        let onA = try tables(pids.map { (true, $0) })[0]
        #expect(onA.localMembers(of: "g") == [Pid(node: "a", serial: 1), Pid(node: "a", serial: 2)])
        #expect(onA.localMembers["g"] == Set(pids.filter { $0.node == "a" }))
        try onA.checkInvariants()
    }

    @Test func localMembersRepeatAPidByItsCount() throws {
        let a1 = Pid(node: "a", serial: 1)
        let onA = try tables([(true, a1), (true, Pid(node: "b", serial: 1)), (true, a1)])[0]
        #expect(onA.localMembers(of: "g") == [a1, a1])
    }

    @Test func aNodeWithoutLocalMembersListsNone() throws {
        let onC = try tables([(true, Pid(node: "a", serial: 1)), (true, Pid(node: "b", serial: 1))])[2]
        #expect(onC.localMembers(of: "g") == [])
        #expect(onC.localMembers["g"] == nil, "no empty local-member set")
        #expect(onC.members(of: "g").count == 2)
    }

    @Test func everyNodeListsTheSameMembers() throws {
        // Joins in an order unlike the sorted one, with repeats and a leave.
        let steps =
            pids.reversed().map { (join: true, pid: $0) }
            + [(true, pids[3]), (true, pids[0]), (false, pids[5])]
        let all = try tables(steps)
        let list = all[0].members(of: "g")
        #expect(list == list.sorted())
        for table in all { #expect(table.members(of: "g") == list, "node \(table.localNode)") }
    }

    @Test func theLocalListsOfAllNodesTogetherAreTheMemberList() throws {
        let steps =
            pids.map { (join: true, pid: $0) }
            + [(true, pids[2]), (true, pids[2]), (false, pids[1])]
        let all = try tables(steps)
        let together = all.flatMap { $0.localMembers(of: "g") }
        #expect(together.sorted() == all[0].members(of: "g"))
        // Our order puts the node first, so the local lists in node order *are* the member list.
        #expect(together == all[0].members(of: "g"))
    }

    @Test func aLeaveOfTheLastLocalCopyEndsTheLocalMembership() throws {
        let a1 = Pid(node: "a", serial: 1)
        let onA = try tables([(true, a1), (true, a1), (false, a1), (false, a1)])[0]
        #expect(onA.localMembers(of: "g") == [])
        #expect(onA.localMembers["g"] == nil)
        try onA.checkInvariants()
    }
}
