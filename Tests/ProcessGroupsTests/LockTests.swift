import ProcessGroups
import TestKit
import Testing

/// Rule 10 of Chapters/PG2Rules.md: writes to one group are serialised cluster-wide by its global
/// lock; writes to different groups never contend.
@Suite struct LockTests {
    /// Two callers — on two nodes, or two tasks of one node — join the same group at the same
    /// moment. The lock lets one write through at a time, so the pg2-server calls of the two
    /// writes never interleave in the trace: every call of the first is delivered before any call
    /// of the second is sent.
    @Test(arguments: [[0, 2], [1, 3], [1, 1], [3, 3]])
    func writesToOneGroupFromTwoCallersDoNotInterleave(callers: [Int]) async throws {
        let sim = simulation(seed: 1001 + UInt64(callers[0] * 4 + callers[1]))
        let nodes = try sim.cluster("a", "b", "c", "d", running: ProcessGroups.start(on:))
        let (first, second) = (nodes[callers[0]], nodes[callers[1]])
        let p = nodes[0].spawnProcess(), q = nodes[2].spawnProcess()
        try await sim.run {
            try await pg2(nodes[1]).create("g")
            try await checkAll(nodes, sim)
        }
        try await sim.quiescence()
        try await sim.run {
            let one = first.spawn { try await pg2(first).join("g", p.id) }
            let two = second.spawn { try await pg2(second).join("g", q.id) }
            try await one.value
            try await two.value
            try await checkAll(nodes, sim)
        }
        let order = serverCalls("join", in: sim).map { $0.text.contains("\"\(p.id)\"") ? "p" : "q" }
        // Each write calls the 3 servers of the other nodes over the network (its own is local).
        #expect(order.count == 6, sim.comment("remote server calls: \(order)"))
        let switches = zip(order, order.dropFirst()).filter { $0 != $1 }.count
        #expect(switches == 1, sim.comment("one write's calls, then the other's: \(order)"))
        #expect(members(of: "g", on: nodes).values.allSatisfy { $0 == entries([p.id, q.id]) }, sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// A create and a delete of one group, racing from two nodes, are applied in one order on
    /// every node: afterwards all nodes agree whether the group exists.
    @Test(arguments: Array(1011...1018) as [UInt64])
    func aCreateRacingADeleteLeavesEveryNodeAgreeing(seed: UInt64) async throws {
        let sim = simulation(seed: seed)
        let nodes = try sim.cluster("a", "b", "c", "d", running: ProcessGroups.start(on:))
        try await sim.run {
            let create = nodes[0].spawn { try await pg2(nodes[0]).create("g") }
            let delete = nodes[3].spawn { try await pg2(nodes[3]).delete("g") }
            try await create.value
            try await delete.value
            try await checkAll(nodes, sim)
        }
        let verdicts = Set(nodes.map { pg2($0).whichGroups() })
        #expect(verdicts.count == 1, sim.comment("which_groups per node: \(verdicts)"))
        sim.expectNoEscapedJobs()
    }

    /// Writes to two different groups, from two nodes at once: no lock server refuses either.
    @Test func writesToDifferentGroupsNeverContend() async throws {
        let sim = simulation(seed: 1021)
        let nodes = try sim.cluster("a", "b", "c", "d", running: ProcessGroups.start(on:))
        try await sim.quiescence()
        try await sim.run {
            let tasks = ["g", "h", "i", "j"].enumerated().map { index, name in
                nodes[index].spawn { try await pg2(nodes[index]).create(name) }
            }
            for task in tasks { try await task.value }
            try await checkAll(nodes, sim)
        }
        let replies = sim.trace.events.filter { $0.text.hasPrefix("reply") }
        #expect(!replies.contains { $0.text.hasSuffix(" false") }, sim.comment("a lock was refused"))
        #expect(lockRequests(in: sim).count == 12, sim.comment("one attempt per write, 3 remote nodes each"))
        #expect(nodes.allSatisfy { pg2($0).whichGroups() == ["g", "h", "i", "j"] }, sim.comment)
        sim.expectNoEscapedJobs()
    }
}
