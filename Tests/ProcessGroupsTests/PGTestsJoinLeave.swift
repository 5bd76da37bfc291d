import ProcessGroups
import TestKit
import PGTestKit
import Testing

/// Rules J1–J8 of Chapters/PGRules.md: who may join, how entries count, and what a leave and an
/// exit do.
@Suite struct PGJoinLeaveTests {
    /// J1: a remote pid — or a registered name — anywhere in the list fails the call with
    /// `notLocal`, and nothing is joined, not even the local pids; `leave` checks the same.
    @Test func aRemotePidFailsTheWholeJoin() async throws {
        let sim = simulation(seed: 7111)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let mine = a.spawnProcess(), theirs = b.spawnProcess()
        try await sim.run {
            await #expect(throws: PGError.notLocal(theirs.id)) { try await scope(a).join("g", [mine.id, theirs.id]) }
            await #expect(throws: PGError.notLocal(theirs.id)) { try await scope(a).join("g", theirs.id) }
            let name = Pid(named: "pg", on: "a")
            await #expect(throws: PGError.notLocal(name)) { try await scope(a).join("g", name) }
            try await scope(a).join("g", mine.id)
            await #expect(throws: PGError.notLocal(theirs.id)) { try await scope(a).leave("g", [mine.id, theirs.id]) }
            try await checkScopes(nodes, sim, settled: false)
        }
        try await settleScopes(nodes, sim)
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [mine.id], "b": [mine.id]], sim.comment)
        withExtendedLifetime((mine, theirs)) {}
    }

    /// J2: any local process may be joined by anyone; each join is one entry, so a pid joined
    /// three times — once alone, twice in one list — is listed three times.
    @Test func eachJoinIsOneEntry() async throws {
        let sim = simulation(seed: 7112)
        let nodes = try sim.pgCluster("a", "b")
        let p = nodes[0].spawnProcess()
        try await sim.run {
            try await scope(nodes[0]).join("g", p.id)
            try await scope(nodes[0]).join("g", [p.id, p.id])
            try await checkScopes(nodes, sim, settled: false)
        }
        try await settleScopes(nodes, sim)
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [p.id, p.id, p.id], "b": [p.id, p.id, p.id]], sim.comment)
        withExtendedLifetime(p) {}
    }

    /// J3: a join makes a group appear everywhere; it goes everywhere with its last entry.
    @Test func aGroupLivesExactlyAsLongAsItsEntries() async throws {
        let sim = simulation(seed: 7113)
        let nodes = try sim.pgCluster("a", "b")
        let p = nodes[0].spawnProcess()
        try await sim.run { try await scope(nodes[0]).join("g", [p.id, p.id]) }
        try await settleScopes(nodes, sim)
        #expect(try nodes.map { try scope($0).whichGroups() } == [["g"], ["g"]], sim.comment)
        try await sim.run { try await scope(nodes[0]).leave("g", p.id) }
        try await settleScopes(nodes, sim)
        #expect(try nodes.map { try scope($0).whichGroups() } == [["g"], ["g"]], sim.comment)
        try await sim.run { try await scope(nodes[0]).leave("g", p.id) }
        try await settleScopes(nodes, sim)
        #expect(try nodes.map { try scope($0).whichGroups() } == [[], []], sim.comment)
        withExtendedLifetime(p) {}
    }

    /// J4: joining a dead local process returns ok; its `noproc` DOWN takes the entry away again.
    @Test func joiningADeadProcessIsOkAndUndoneAtOnce() async throws {
        let sim = simulation(seed: 7114)
        let nodes = try sim.pgCluster("a", "b")
        let dead = Pid(node: "a", serial: 99)
        try await sim.run { try await scope(nodes[0]).join("g", dead) }
        try await settleScopes(nodes, sim)
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [], "b": []], sim.comment)
        #expect(nodes.allSatisfy { !$0.monitoredPids.contains(dead) }, sim.comment)
    }

    /// J5: `notJoined` for an unknown group, a non-member and an empty list, with nothing
    /// changed; otherwise one entry less per listed pid that has one.
    @Test func leaveRemovesOneEntryPerListedPid() async throws {
        let sim = simulation(seed: 7115)
        let nodes = try sim.pgCluster("a", "b")
        let a = nodes[0]
        let p = a.spawnProcess(), q = a.spawnProcess()
        try await sim.run {
            let pg = scope(a)
            #expect(try await pg.leave("nowhere", p.id) == .notJoined)
            try await pg.join("g", [p.id, p.id, p.id, q.id])
            #expect(try await pg.leave("g", []) == .notJoined)
            #expect(try await pg.leave("other", [p.id, q.id]) == .notJoined)
            #expect(try await pg.leave("g", [p.id, p.id]) == .ok)
            #expect(pg.members(of: "g").sorted() == [p.id, q.id].sorted())
            #expect(try await pg.leave("g", [q.id, q.id]) == .ok)
            #expect(pg.members(of: "g") == [p.id])
            try await checkScopes(nodes, sim, settled: false)
        }
        try await settleScopes(nodes, sim)
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [p.id], "b": [p.id]], sim.comment)
        withExtendedLifetime((p, q)) {}
    }

    /// J6: one monitor per local member, however many groups and entries; released with the last.
    @Test func aLocalMemberHasOneMonitorUntilItsLastEntryGoes() async throws {
        let sim = simulation(seed: 7116)
        let nodes = try sim.pgCluster("a", "b")
        let a = nodes[0]
        let p = a.spawnProcess()
        try await sim.run {
            for group in ["x", "y", "y"] { try await scope(a).join(group, p.id) }
            #expect(a.monitoredPids.filter { $0 == p.id }.count == 1, sim.comment)
            try await scope(a).leave("y", p.id)
            try await scope(a).leave("x", p.id)
            #expect(a.monitoredPids.filter { $0 == p.id }.count == 1, sim.comment)
            try await scope(a).leave("y", p.id)
            #expect(!a.monitoredPids.contains(p.id), sim.comment)
        }
        try await settleScopes(nodes, sim)
        #expect(!nodes[1].monitoredPids.contains(p.id), sim.comment("no scope monitors a remote member"))
        withExtendedLifetime(p) {}
    }

    /// J7: a member's exit takes all its entries, everywhere, with one leave message per peer
    /// naming each group once per entry.
    @Test func anExitTakesEveryEntryWithOneMessagePerPeer() async throws {
        let sim = simulation(seed: 7117)
        let nodes = try sim.pgCluster("a", "b", "c")
        let a = nodes[0]
        var p: ProcessActor? = a.spawnProcess()
        let pid = p!.id
        try await sim.run {
            try await scope(a).join("x", pid)
            try await scope(a).join("y", [pid, pid])
        }
        try await settleScopes(nodes, sim)
        let before = scopeMessages("leave", in: sim).count
        p = nil  // its last reference: the process ends (normal)
        try await settleScopes(nodes, sim)
        let leaves = scopeMessages("leave", in: sim).dropFirst(before)
        #expect(leaves.count == 2, sim.comment("one leave per peer"))
        #expect(leaves.allSatisfy { $0.text.contains(#"["y","y","x"]"#) }, sim.comment("\(leaves.map(\.text))"))
        #expect(nodes.allSatisfy { (try? scope($0).whichGroups()) == [] }, sim.comment)
    }

    /// J8: a leave and an exit race. Handled before the DOWN, the leave is `ok` and the DOWN is
    /// ignored; after it, the leave finds nothing.
    @Test func aLeaveRacingAnExitIsOkBeforeTheDownAndNotJoinedAfter() async throws {
        let sim = simulation(seed: 7118)
        let nodes = try sim.pgCluster("a", "b")
        let a = nodes[0]
        let first = a.spawnProcess(), second = a.spawnProcess()
        try await sim.run {
            try await scope(a).join("g", [first.id, second.id])
            a.exit(first.id)
            #expect(try await scope(a).leave("g", first.id) == .ok, sim.comment("the leave came first"))
        }
        try await settleScopes(nodes, sim)
        sim.kill(second.id)
        try await settleScopes(nodes, sim)
        let late = try await sim.run { try await scope(a).leave("g", second.id) }
        #expect(late == .notJoined, sim.comment("the DOWN came first"))
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [], "b": []], sim.comment)
        withExtendedLifetime((first, second)) {}
    }
}
