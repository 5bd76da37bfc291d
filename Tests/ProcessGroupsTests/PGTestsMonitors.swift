import Exchange
import PG
import ProcessGroups
import TestKit
import PGTestKit
import Testing

/// Rules M1–M5 of Chapters/PGRules.md: `monitor_scope`, `monitor`, `demonitor`, and the
/// notifications they bring.
@Suite struct PGMonitorTests {
    /// M1: `monitorScope` returns the whole table, empty rows included; `monitor` one group's list.
    @Test func subscribingReturnsWhatIsThereNow() async throws {
        let sim = simulation(seed: 7131)
        let nodes = try sim.pgCluster("a", "b")
        let a = nodes[0]
        let p = a.spawnProcess(), q = nodes[1].spawnProcess(), watcher = a.spawnProcess()
        try await sim.run {
            try await scope(a).join("g", [p.id, p.id])
            try await scope(nodes[1]).join("h", q.id)
            try await scope(a).join("empty", [])
        }
        try await settleScopes(nodes, sim)
        try await sim.run {
            let all = try await scope(a).monitorScope(for: watcher.id)
            #expect(all.groups == ["g": [p.id, p.id], "h": [q.id], "empty": []], sim.comment)
            let one = try await scope(a).monitor("g", for: watcher.id)
            #expect(one.groups == ["g": [p.id, p.id]] && one.notifications === all.notifications, sim.comment)
        }
        withExtendedLifetime((p, q, watcher)) {}
    }

    /// M2: every change to the node's table, in order, with the pids as the table's table says:
    /// local joins and leaves, an exit (one leave per entry), relayed changes, a lost peer (one
    /// leave per group), and a new peer's sync (one join per group).
    @Test func aScopeSubscriberHearsEveryChangeOfItsNodesTable() async throws {
        let sim = simulation(seed: 7132)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let watcher = a.spawnProcess(), q = b.spawnProcess()
        var p: ProcessActor? = a.spawnProcess()
        let pid = p!.id
        let subscription = try await sim.run { try await scope(a).monitorScope(for: watcher.id) }
        try await sim.run {
            try await scope(a).join("g", pid)
            try await scope(a).join("g", [pid, pid])
            try await scope(a).leave("g", pid)
            try await scope(b).join("h", q.id)
        }
        try await settleScopes(nodes, sim)
        #expect(
            shapes(drained(subscription)) == [
                "join g [\(pid)]", "join g [\(pid), \(pid)]", "leave g [\(pid)]", "join h [\(q.id)]",
            ], sim.comment)
        p = nil
        try await settleScopes(nodes, sim)
        #expect(
            shapes(drained(subscription)) == ["leave g [\(pid)]", "leave g [\(pid)]"], sim.comment("one per entry"))
        try await sim.run { try await scope(b).join("h", [q.id, q.id]) }
        try await settleScopes(nodes, sim)
        sim.disconnect("a", "b")
        try await settleScopes(nodes, sim)
        #expect(
            shapes(drained(subscription)) == ["join h [\(q.id), \(q.id)]", "leave h [\(q.id), \(q.id), \(q.id)]"],
            sim.comment("the lost peer: one leave per group"))
        sim.reconnect("a", "b")
        try await settleScopes(nodes, sim)
        #expect(
            shapes(drained(subscription)) == ["join h [\(q.id), \(q.id), \(q.id)]"],
            sim.comment("the sync: one join per group"))
        withExtendedLifetime((watcher, q)) {}
    }

    /// M2 for syncs from a known peer (forged, as OTP's `forced_sync` does): a dropped group is a
    /// leave with its old pids; a changed group is silent (Q3).
    @Test func aSyncNotifiesDroppedGroupsButNotChangedOnes() async throws {
        let sim = simulation(seed: 7133)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let watcher = a.spawnProcess(), q = b.spawnProcess(), r = b.spawnProcess()
        try await sim.run {
            try await scope(b).join("h", q.id)
            try await scope(b).join("k", r.id)
        }
        try await settleScopes(nodes, sim)
        let subscription = try await sim.run { try await scope(a).monitorScope(for: watcher.id) }
        let scopeA = try a.resolve(Pid(named: "pg", on: "a"), as: PG.Scope.self)
        try await sim.run {
            try await scopeA.sync(Pid(named: "pg", on: "b"), [GroupSnapshot(name: "h", members: [q.id, q.id])])
        }
        #expect(shapes(drained(subscription)) == ["leave k [\(r.id)]"], sim.comment)
        #expect(scope(a).members(of: "h") == [q.id, q.id], sim.comment("replaced, silently"))
        withExtendedLifetime((watcher, q, r)) {}
    }

    /// M3: for one change, the scope's subscribers hear it before the group's.
    @Test func scopeSubscribersHearOfAChangeBeforeGroupSubscribers() async throws {
        let sim = simulation(seed: 7134)
        let nodes = try sim.pgCluster("a")
        let a = nodes[0]
        let watcher = a.spawnProcess(), p = a.spawnProcess()
        try await sim.run {
            let byGroup = try await scope(a).monitor("g", for: watcher.id)
            let byScope = try await scope(a).monitorScope(for: watcher.id)
            try await scope(a).join("g", p.id)
            let notes = drained(byScope)
            #expect(notes.map(\.ref) == [byScope.ref, byGroup.ref], sim.comment)
            #expect(shapes(notes) == ["join g [\(p.id)]", "join g [\(p.id)]"], sim.comment)
        }
        withExtendedLifetime((watcher, p)) {}
    }

    /// M4: `demonitor` answers true once and flushes what was waiting; then false. A subscriber's
    /// exit ends its subscriptions.
    @Test func demonitorFlushesAndASubscribersExitUnsubscribes() async throws {
        let sim = simulation(seed: 7135)
        let nodes = try sim.pgCluster("a")
        let a = nodes[0]
        let p = a.spawnProcess()
        var watcher: ProcessActor? = a.spawnProcess()
        let watcherID = watcher!.id
        try await sim.run {
            let subscription = try await scope(a).monitor("g", for: watcherID)
            let other = try await scope(a).monitorScope(for: watcherID)
            try await scope(a).join("g", p.id)
            #expect(try await scope(a).demonitor(subscription.ref), sim.comment)
            #expect(
                drained(subscription).map(\.ref) == [other.ref], sim.comment("the group's notification was flushed"))
            #expect(try await scope(a).demonitor(subscription.ref) == false, sim.comment)
        }
        watcher = nil
        try await settleScopes(nodes, sim)
        try await sim.run {
            let state = try #require(
                await a.resolve(Pid(named: "pg", on: "a"), as: PG.Scope.self).whenLocal { $0.snapshot })
            #expect(state.subscribers.isEmpty && !a.monitoredPids.contains(watcherID), sim.comment)
        }
        withExtendedLifetime(p) {}
    }

    /// M5, not copied from OTP 25 (GH-7625): a process that subscribes and then joins, then exits,
    /// leaves the scope running, its entries gone and its subscription ended.
    @Test func aProcessThatSubscribesThenJoinsThenExitsDoesNotCrashTheScope() async throws {
        let sim = simulation(seed: 7136)
        let nodes = try sim.pgCluster("a", "b")
        let a = nodes[0]
        var p: ProcessActor? = a.spawnProcess()
        let pid = p!.id
        try await sim.run {
            _ = try await scope(a).monitorScope(for: pid)
            _ = try await scope(a).monitor("g", for: pid)
            try await scope(a).join("g", pid)
        }
        try await settleScopes(nodes, sim)
        p = nil
        try await settleScopes(nodes, sim)
        #expect(scope(a).isRunning, sim.comment("GH-7625: OTP 25's scope crashed here"))
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [], "b": []] && !a.monitoredPids.contains(pid), sim.comment)
    }
}
