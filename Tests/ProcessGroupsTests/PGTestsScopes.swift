import ProcessGroups
import TestKit
import PGTestKit
import Testing

/// Rules S1–S4 of Chapters/PGRules.md: scopes, their independence, their restart, and calls to a
/// scope that does not run. (S5, a scope crashing on an unknown request, has no counterpart: a
/// scope's requests are typed Swift functions, and an unknown one cannot be written.)
@Suite struct PGScopeTests {
    /// S1: a second start of a running scope fails with `alreadyStarted`, naming the running one.
    @Test func startingARunningScopeFailsWithAlreadyStarted() async throws {
        let sim = simulation(seed: 7101)
        let a = sim.addNode("a")
        try ProcessGroups.Scope.start("chat", on: a)
        #expect(throws: PGError.alreadyStarted("chat", Pid(named: "chat", on: "a"))) {
            try ProcessGroups.Scope.start("chat", on: a)
        }
        #expect(scope(a, "chat").isRunning && !scope(a, "jobs").isRunning, sim.comment)
        try await sim.run { try await checkScopes([a], sim, scope: "chat") }
    }

    /// S2: two scopes on the same nodes share nothing; a node that does not run a scope neither
    /// sees its groups nor adds to them.
    @Test func scopesAreIndependentOverlayNetworks() async throws {
        let sim = simulation(seed: 7102)
        let nodes = try sim.pgCluster("a", "b", "c", scope: "chat")
        for node in nodes.prefix(2) { try ProcessGroups.Scope.start("jobs", on: node) }
        let (a, c) = (nodes[0], nodes[2])
        let p = a.spawnProcess(), q = c.spawnProcess()
        try await sim.run {
            try await scope(a, "chat").join("g", p.id)
            try await scope(a, "jobs").join("g", [p.id, p.id])
            try await scope(c, "chat").join("g", q.id)
            // c does not run jobs: a call to it is a call to nobody (S4).
            await #expect(throws: CallError.noproc(Pid(named: "jobs", on: "c"))) {
                try await scope(c, "jobs").join("g", q.id)
            }
        }
        try await settleScopes(nodes, sim, scope: "chat")
        try await settleScopes(nodes, sim, scope: "jobs")
        #expect(
            sortedMembers(of: "g", on: nodes, scope: "chat") == [
                "a": [p.id, q.id], "b": [p.id, q.id], "c": [p.id, q.id],
            ], sim.comment)
        #expect(
            sortedMembers(of: "g", on: nodes, scope: "jobs") == ["a": [p.id, p.id], "b": [p.id, p.id], "c": []],
            sim.comment)
        #expect(
            scopeMessages("discover", in: sim).allSatisfy {
                !$0.text.contains("<c.jobs>") || $0.text.contains("cast <c.jobs>")
            },
            sim.comment("c's jobs scope never speaks"))
        withExtendedLifetime((p, q)) {}
    }

    /// S3: a stopped scope's table goes and its peers drop its entries; started again it is
    /// empty — its node's memberships are not restored — and it learns the peers' again.
    @Test func aRestartedScopeForgetsItsOwnMembersAndRelearnsThePeers() async throws {
        let sim = simulation(seed: 7103)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let p = a.spawnProcess(), q = b.spawnProcess()
        try await sim.run {
            try await scope(a).join("g", p.id)
            try await scope(b).join("g", q.id)
        }
        try await settleScopes(nodes, sim)
        scope(a).stop()
        #expect(!scope(a).isRunning && scope(a).members(of: "g") == [], sim.comment("the table went with the scope"))
        try await settleScopes(nodes, sim)
        #expect(scope(b).members(of: "g") == [q.id], sim.comment("b dropped everything a had announced (D6)"))
        try ProcessGroups.Scope.start(on: a)
        try await settleScopes(nodes, sim)
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [q.id], "b": [q.id]], sim.comment("p must join again"))
        #expect(a.isAlive(p.id), sim.comment)
        try await sim.run { try await scope(a).join("g", p.id) }
        try await settleScopes(nodes, sim)
        #expect(
            sortedMembers(of: "g", on: nodes) == ["a": [p.id, q.id].sorted(), "b": [p.id, q.id].sorted()], sim.comment)
        sim.expectNoEscapedJobs()
        withExtendedLifetime((p, q)) {}
    }

    /// S4: with no scope running, calls fail with `noproc`, member reads return `[]`, and
    /// `whichGroups` throws (pg's `badarg`).
    @Test func aScopeThatDoesNotRunAnswersAsPgDoes() async throws {
        let sim = simulation(seed: 7104)
        let a = sim.addNode("a")
        let p = a.spawnProcess()
        let missing = Pid(named: "pg", on: "a")
        try await sim.run {
            let pg = scope(a)
            await #expect(throws: CallError.noproc(missing)) { try await pg.join("g", p.id) }
            await #expect(throws: CallError.noproc(missing)) { try await pg.leave("g", p.id) }
            await #expect(throws: CallError.noproc(missing)) { try await pg.monitorScope(for: p.id) }
            await #expect(throws: CallError.noproc(missing)) { try await pg.monitor("g", for: p.id) }
            #expect(pg.members(of: "g") == [] && pg.localMembers(of: "g") == [])
            #expect(throws: PGError.notRunning("pg", "a")) { try pg.whichGroups() }
        }
        withExtendedLifetime(p) {}
    }
}
