import ProcessGroups
import TestKit
import Testing

/// Rules 5–7 of Chapters/PG2Rules.md: the reads, each a look at the calling node's own table.
@Suite struct ReadTests {
    /// Rule 5: members come sorted by pid (node, then serial), repeats adjacent, whatever order
    /// they joined in — so every node returns the identical list.
    @Test func membersAreSortedByPidWithRepeatsAdjacentOnEveryNode() async throws {
        let sim = simulation(seed: 911)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let (a1, b1, c1) = (nodes[0].spawnProcess(), nodes[1].spawnProcess(), nodes[2].spawnProcess())
        let a2 = nodes[0].spawnProcess()
        try await sim.run {
            try await pg2(nodes[1]).create("g")
            for (from, pid) in [(2, c1.id), (0, a2.id), (1, b1.id), (2, a1.id), (0, c1.id), (1, a2.id)] {
                try await pg2(nodes[from]).join("g", pid)
                try await checkAll(nodes, sim)
            }
        }
        let expected = [a1.id, a2.id, a2.id, b1.id, c1.id, c1.id]
        #expect(expected == expected.sorted())
        #expect(members(of: "g", on: nodes) == ["a": expected, "b": expected, "c": expected], sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// Rule 5: an empty group reads `[]`; an unknown one throws `noSuchGroup`.
    @Test func anEmptyGroupHasNoMembersAndAnUnknownOneThrows() async throws {
        let sim = simulation(seed: 912)
        let nodes = try sim.cluster("a", "b", running: ProcessGroups.start(on:))
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await checkAll(nodes, sim)
        }
        #expect(try pg2(nodes[1]).members(of: "g") == [], sim.comment)
        #expect(throws: PG2Error.noSuchGroup("h"), sim.comment) { try pg2(nodes[1]).members(of: "h") }
        #expect(throws: PG2Error.noSuchGroup("h"), sim.comment) { try pg2(nodes[1]).localMembers(of: "h") }
        sim.expectNoEscapedJobs()
    }

    /// Rule 6: each node's local members are its own pids, with their counts; together they are
    /// the member list.
    @Test func localMembersAreEachNodesOwnAndAddUpToTheMembers() async throws {
        let sim = simulation(seed: 913)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[0].spawnProcess(), q = nodes[2].spawnProcess(), r = nodes[2].spawnProcess()
        try await sim.run {
            try await pg2(nodes[1]).create("g")
            for pid in [r.id, p.id, q.id, r.id] {
                try await pg2(nodes[1]).join("g", pid)
                try await checkAll(nodes, sim)  // includes: local lists together = members
            }
        }
        #expect(try pg2(nodes[0]).localMembers(of: "g") == [p.id], sim.comment)
        #expect(try pg2(nodes[1]).localMembers(of: "g") == [], sim.comment)
        #expect(try pg2(nodes[2]).localMembers(of: "g") == [q.id, r.id, r.id], sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// Rule 7: which_groups lists every group, empty ones included, sorted; on a fresh node, none.
    @Test func whichGroupsListsEveryGroupSortedEmptyOnesIncluded() async throws {
        let sim = simulation(seed: 914)
        let nodes = try sim.cluster("a", "b", running: ProcessGroups.start(on:))
        #expect(pg2(nodes[1]).whichGroups() == [], sim.comment)
        let p = nodes[0].spawnProcess()
        try await sim.run {
            for name in ["pool", "chat", "zebra", "audit"] {
                try await pg2(nodes[0]).create(name)
                try await checkAll(nodes, sim)
            }
            try await pg2(nodes[1]).join("chat", p.id)
            try await checkAll(nodes, sim)
        }
        for node in nodes { #expect(pg2(node).whichGroups() == ["audit", "chat", "pool", "zebra"], sim.comment) }
        sim.expectNoEscapedJobs()
    }

    /// Reads never wait for a server: they run between the steps of a write that is still going.
    @Test func readsAnswerWhileAWriteIsInFlight() async throws {
        let sim = simulation(seed: 915)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        let p = nodes[0].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await checkAll(nodes, sim)
        }
        try await sim.run {
            let write = nodes[0].spawn { try await pg2(nodes[0]).join("g", p.id) }
            // The write is now waiting on the network; a read on c answers from c's table at once.
            #expect(try pg2(nodes[2]).members(of: "g") == [], sim.comment("c has not been called yet"))
            try await write.value
            #expect(try pg2(nodes[2]).members(of: "g") == [p.id], sim.comment)
            try await checkAll(nodes, sim)
        }
        sim.expectNoEscapedJobs()
    }
}
