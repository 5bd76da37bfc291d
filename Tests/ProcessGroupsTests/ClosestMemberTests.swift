import ProcessGroups
import TestKit
import Testing

/// Rule 8 of Chapters/PG2Rules.md: `get_closest_pid`, and pg2's two errors.
@Suite struct ClosestMemberTests {
    /// The cluster of these tests: a, b, c, with group g created everywhere.
    private func cluster(seed: UInt64, test: String = #function) async throws -> (Simulation, [Node]) {
        let sim = simulation(seed: seed, test: test)
        let nodes = try sim.cluster("a", "b", "c", running: ProcessGroups.start(on:))
        try await sim.run {
            try await pg2(nodes[0]).create("g")
            try await checkAll(nodes, sim)
        }
        return (sim, nodes)
    }

    /// `draws` picks on `node`, counted by pid.
    private func tally(_ node: Node, _ draws: Int) throws -> [Pid: Int] {
        var counts: [Pid: Int] = [:]
        for _ in 0..<draws { counts[try pg2(node).closestMember(of: "g"), default: 0] += 1 }
        return counts
    }

    @Test func theOneLocalMemberIsChosenEvenWhenOthersAreMoreNumerous() async throws {
        let (sim, nodes) = try await cluster(seed: 921)
        let mine = nodes[0].spawnProcess(), far = nodes[1].spawnProcess()
        try await sim.run {
            for pid in [far.id, far.id, far.id, mine.id] { try await pg2(nodes[0]).join("g", pid) }
            try await checkAll(nodes, sim)
        }
        #expect(try tally(nodes[0], 50) == [mine.id: 50], sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// Two or more local entries: a random local one, weighted by count, never a remote one.
    @Test func severalLocalEntriesGiveARandomLocalOneWeightedByCount() async throws {
        let (sim, nodes) = try await cluster(seed: 922)
        let p = nodes[0].spawnProcess(), q = nodes[0].spawnProcess(), far = nodes[2].spawnProcess()
        try await sim.run {
            for pid in [p.id, p.id, q.id, far.id] { try await pg2(nodes[1]).join("g", pid) }
            try await checkAll(nodes, sim)
        }
        let counts = try tally(nodes[0], 600)
        #expect(Set(counts.keys) == [p.id, q.id], sim.comment("only local entries"))
        #expect((340...460).contains(counts[p.id] ?? 0), sim.comment("p has 2 of 3 entries: \(counts)"))
        sim.expectNoEscapedJobs()
    }

    /// One local pid joined twice is two local entries: the choice is that pid, always.
    @Test func oneLocalPidJoinedTwiceIsAlwaysChosen() async throws {
        let (sim, nodes) = try await cluster(seed: 923)
        let p = nodes[1].spawnProcess(), far = nodes[2].spawnProcess()
        try await sim.run {
            for pid in [p.id, p.id, far.id] { try await pg2(nodes[0]).join("g", pid) }
            try await checkAll(nodes, sim)
        }
        #expect(try tally(nodes[1], 50) == [p.id: 50], sim.comment)
        sim.expectNoEscapedJobs()
    }

    /// No local entry: a random entry of all members, weighted by count.
    @Test func withNoLocalEntryAnyMemberMayBeChosenWeightedByCount() async throws {
        let (sim, nodes) = try await cluster(seed: 924)
        let p = nodes[1].spawnProcess(), q = nodes[2].spawnProcess()
        try await sim.run {
            for pid in [p.id, q.id, q.id, q.id] { try await pg2(nodes[0]).join("g", pid) }
            try await checkAll(nodes, sim)
        }
        let counts = try tally(nodes[0], 800)
        #expect(Set(counts.keys) == [p.id, q.id], sim.comment)
        #expect((520...680).contains(counts[q.id] ?? 0), sim.comment("q has 3 of 4 entries: \(counts)"))
        sim.expectNoEscapedJobs()
    }

    @Test func anEmptyGroupThrowsNoProcess() async throws {
        let (sim, nodes) = try await cluster(seed: 925)
        #expect(throws: PG2Error.noProcess("g"), sim.comment) { try pg2(nodes[2]).closestMember(of: "g") }
        sim.expectNoEscapedJobs()
    }

    @Test func anUnknownGroupThrowsNoSuchGroup() async throws {
        let (sim, nodes) = try await cluster(seed: 926)
        #expect(throws: PG2Error.noSuchGroup("h"), sim.comment) { try pg2(nodes[2]).closestMember(of: "h") }
        sim.expectNoEscapedJobs()
    }

    /// A group whose members all died is empty again, not unknown: `noProcess`.
    @Test func aGroupWhoseMembersDiedThrowsNoProcess() async throws {
        let (sim, nodes) = try await cluster(seed: 927)
        let p = nodes[1].spawnProcess()
        try await sim.run {
            try await pg2(nodes[0]).join("g", p.id)
            try await checkAll(nodes, sim)
        }
        #expect(try pg2(nodes[2]).closestMember(of: "g") == p.id, sim.comment)
        sim.kill(p.id)
        try await settle(nodes, sim)
        #expect(throws: PG2Error.noProcess("g"), sim.comment) { try pg2(nodes[2]).closestMember(of: "g") }
        sim.expectNoEscapedJobs()
    }
}
