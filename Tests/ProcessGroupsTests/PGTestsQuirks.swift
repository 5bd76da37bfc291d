import Exchange
import PG
import ProcessGroups
import TestKit
import PGTestKit
import Testing

/// Quirks Q1–Q4 of Chapters/PGRules.md: pg's own oddities, which the workbook's pg reproduces.
@Suite struct PGQuirkTests {
    /// Q1: joining `[]` creates an empty group, listed here and (relayed) on the peers; `leave` of
    /// `[]` is `notJoined`; after a reconnect the peers drop it while the joining node keeps it;
    /// only a real join and leave of a local process removes it.
    @Test func joiningAnEmptyListMakesAnEmptyGroupThatOnlyARealLeaveRemoves() async throws {
        let sim = simulation(seed: 7161)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let p = a.spawnProcess()
        try await settleScopes(nodes, sim)
        try await sim.run {
            try await scope(a).join("empty", [])
            #expect(try await scope(a).leave("empty", []) == .notJoined, sim.comment)
            try await checkScopes(nodes, sim, settled: false)
        }
        try await settleScopes(nodes, sim)
        #expect(try scope(a).whichGroups() == ["empty"] && scope(b).whichGroups() == ["empty"], sim.comment)
        sim.disconnect("a", "b")
        sim.reconnect("a", "b")
        try await settleScopes(nodes, sim)
        #expect(
            try scope(a).whichGroups() == ["empty"] && scope(b).whichGroups() == [],
            sim.comment("the sync never carries it"))
        try await sim.run {
            try await scope(a).join("empty", p.id)
            try await scope(a).leave("empty", p.id)
        }
        try await settleScopes(nodes, sim)
        #expect(try scope(a).whichGroups() == [] && scope(b).whichGroups() == [], sim.comment)
        withExtendedLifetime(p) {}
    }

    /// Q2: a leave of a list notifies, and relays, the list as passed — pids without an entry
    /// included.
    @Test func aLeaveReportsThePidsAsPassed() async throws {
        let sim = simulation(seed: 7162)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let p = a.spawnProcess(), q = a.spawnProcess(), here = a.spawnProcess(), there = b.spawnProcess()
        try await sim.run { try await scope(a).join("g", [p.id, q.id]) }
        try await settleScopes(nodes, sim)
        let (mine, theirs) = try await sim.run {
            (try await scope(a).monitor("g", for: here.id), try await scope(b).monitor("g", for: there.id))
        }
        try await sim.run { try await scope(a).leave("g", [p.id, p.id, here.id]) }
        try await settleScopes(nodes, sim)
        let expected = ["leave g [\(p.id), \(p.id), \(here.id)]"]
        #expect(shapes(drained(mine)) == expected && shapes(drained(theirs)) == expected, sim.comment)
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [q.id], "b": [q.id]], sim.comment)
        withExtendedLifetime((p, q, here, there)) {}
    }

    /// Q3: a sync that changes a group the receiver had recorded for its sender replaces it with
    /// no notification (forged, as OTP's `forced_sync` does).
    @Test func aChangedGroupIsReplacedSilently() async throws {
        let sim = simulation(seed: 7163)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let q = b.spawnProcess(), r = b.spawnProcess(), watcher = a.spawnProcess()
        try await sim.run { try await scope(b).join("g", [q.id, r.id]) }
        try await settleScopes(nodes, sim)
        let subscription = try await sim.run { try await scope(a).monitor("g", for: watcher.id) }
        let target = try a.resolve(Pid(named: "pg", on: "a"), as: PG.Scope.self)
        try await sim.run {
            try await target.sync(Pid(named: "pg", on: "b"), [GroupSnapshot(name: "g", members: [r.id, r.id])])
        }
        #expect(scope(a).members(of: "g") == [r.id, r.id] && drained(subscription).isEmpty, sim.comment)
        withExtendedLifetime((q, r, watcher)) {}
    }

    /// Q4: a pid of an earlier incarnation of this node passes the local check; it is dead, so it
    /// goes at once.
    @Test func aPidOfAnEarlierIncarnationCountsAsLocal() async throws {
        let sim = simulation(seed: 7164)
        let old = sim.addNode("a").spawnProcess().id
        let a = sim.restart("a")
        try ProcessGroups.Scope.start(on: a)
        try await sim.run { try await scope(a).join("g", old) }
        try await settleScopes([a], sim)
        #expect(scope(a).members(of: "g") == [] && old.node == a.name && old.creation != a.creation, sim.comment)
    }
}
