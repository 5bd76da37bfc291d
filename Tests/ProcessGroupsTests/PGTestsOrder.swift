import ProcessGroups
import TestKit
import PGTestKit
import Testing

/// Rules R1–R3 of Chapters/PGRules.md: reads, and the order pg lists a group's entries in.
@Suite struct PGOrderTests {
    /// R1: `members` lists every entry this node knows, `localMembers` this node's; an unknown
    /// group is `[]` on both.
    @Test func readsShowTheNodesTableAndItsLocalPart() async throws {
        let sim = simulation(seed: 7121)
        let nodes = try sim.pgCluster("a", "b")
        let p = nodes[0].spawnProcess(), q = nodes[1].spawnProcess()
        try await sim.run {
            try await scope(nodes[0]).join("g", p.id)
            try await scope(nodes[1]).join("g", q.id)
        }
        try await settleScopes(nodes, sim)
        #expect(
            scope(nodes[0]).localMembers(of: "g") == [p.id] && scope(nodes[1]).localMembers(of: "g") == [q.id],
            sim.comment)
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [p.id, q.id], "b": [p.id, q.id]], sim.comment)
        #expect(
            scope(nodes[0]).members(of: "unknown") == [] && scope(nodes[0]).localMembers(of: "unknown") == [],
            sim.comment)
        withExtendedLifetime((p, q)) {}
    }

    /// R2: new entries go in front (a list as a block), a leave takes the newest entry; a peer
    /// told by messages lists the owner's order, a peer that learnt by sync one block in
    /// descending pid order. The measured example: p1, p2, then [p3, p1].
    @Test func theOwnersOrderIsNewestFirstAndASyncSendsDescendingPids() async throws {
        let sim = simulation(seed: 7122)
        let nodes = try sim.pgCluster("a", "b")
        let a = nodes[0]
        let (p1, p2, p3) = (a.spawnProcess(), a.spawnProcess(), a.spawnProcess())
        try await settleScopes(nodes, sim)  // a and b know each other: b is told by messages
        try await sim.run {
            try await scope(a).join("g", p1.id)
            try await scope(a).join("g", p2.id)
            try await scope(a).join("g", [p3.id, p1.id])
        }
        try await settleScopes(nodes, sim)
        let told = [p3.id, p1.id, p2.id, p1.id]
        #expect(scope(a).members(of: "g") == told && scope(nodes[1]).members(of: "g") == told, sim.comment)
        #expect(scope(a).localMembers(of: "g") == told, sim.comment)
        // c starts late: it learns a's entries from a's sync.
        let c = sim.addNode("c")
        try ProcessGroups.Scope.start(on: c)
        try await settleScopes(nodes + [c], sim)
        #expect(scope(c).members(of: "g") == [p3.id, p2.id, p1.id, p1.id], sim.comment("by sync"))
        try await sim.run { try await scope(a).leave("g", p1.id) }
        try await settleScopes(nodes + [c], sim)
        #expect(scope(a).members(of: "g") == [p3.id, p2.id, p1.id], sim.comment("the newest p1 went"))
        #expect(scope(c).members(of: "g") == [p3.id, p2.id, p1.id], sim.comment)
        withExtendedLifetime((p1, p2, p3)) {}
    }

    /// R3: `whichGroups` lists every group with a row, sorted; `whichLocalGroups` those with a
    /// local entry.
    @Test func whichGroupsListsEveryRowAndWhichLocalGroupsTheLocalOnes() async throws {
        let sim = simulation(seed: 7123)
        let nodes = try sim.pgCluster("a", "b")
        let p = nodes[0].spawnProcess(), q = nodes[1].spawnProcess()
        try await sim.run {
            try await scope(nodes[0]).join("z", p.id)
            try await scope(nodes[1]).join("m", q.id)
            try await scope(nodes[0]).join("a", p.id)
        }
        try await settleScopes(nodes, sim)
        #expect(try scope(nodes[0]).whichGroups() == ["a", "m", "z"], sim.comment)
        #expect(try scope(nodes[0]).whichLocalGroups() == ["a", "z"], sim.comment)
        #expect(try scope(nodes[1]).whichLocalGroups() == ["m"], sim.comment)
        withExtendedLifetime((p, q)) {}
    }
}
