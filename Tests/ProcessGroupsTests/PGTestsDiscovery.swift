import Exchange
import PG
import ProcessGroups
import TestKit
import PGTestKit
import Testing

/// Rules D1–D7 of Chapters/PGRules.md: how scopes find each other, and what their messages do.
/// Some tests hand a scope a message as if a peer had sent it, as OTP's own `forced_sync` does.
@Suite struct PGDiscoveryTests {
    /// The scope actor `name` on `node`, to hand it forged messages.
    func actor(_ node: Node, _ name: ScopeName = "pg") throws -> PG.Scope {
        try node.resolve(Pid(named: name, on: node.name), as: PG.Scope.self)
    }

    /// D1: a starting scope sends `discover` to every connected node; `nodeup` makes it send
    /// another; `nodedown` sends nothing.
    @Test func aScopeDiscoversAtStartAndOnEveryNodeup() async throws {
        let sim = simulation(seed: 7141)
        let a = sim.addNode("a")
        let others = [sim.addNode("b"), sim.addNode("c")]
        try ProcessGroups.Scope.start(on: a)
        try await sim.quiescence()
        let fromA = { scopeMessages("discover", in: sim).filter { $0.text.contains("(\"<a.pg>\")") }.map(\.text) }
        #expect(
            fromA().count == 2 && fromA()[0].contains("cast <b.pg>") && fromA()[1].contains("cast <c.pg>"),
            sim.comment("\(fromA())"))
        sim.disconnect("a", "c")
        try await sim.quiescence()
        #expect(fromA().count == 2, sim.comment("nodedown: nothing"))
        sim.reconnect("a", "c")
        try await sim.quiescence()
        #expect(fromA().count == 3 && fromA()[2].contains("cast <c.pg>"), sim.comment("\(fromA())"))
        withExtendedLifetime(others) {}
    }

    /// D2: a scope answers a new peer's `discover` with a sync, a monitor and a `discover` of its
    /// own; a known peer's with a sync only.
    @Test func aDiscoverIsAnsweredWithASyncAndFromANewPeerWithADiscover() async throws {
        let sim = simulation(seed: 7142)
        let nodes = try sim.pgCluster("a")
        let a = nodes[0]
        let p = a.spawnProcess()
        try await sim.run { try await scope(a).join("g", p.id) }
        let b = sim.addNode("b")
        try await sim.quiescence()  // a's discover (on nodeup) reaches no scope on b
        let before = sim.trace.events.count
        try ProcessGroups.Scope.start(on: b)  // b discovers a; a does not know b yet
        try await settleScopes([a, b], sim)
        let aToB = sim.trace.events.dropFirst(before).filter { $0.kind == .message(from: "a", to: "b") }.map(\.text)
        let sync = try #require(
            aToB.firstIndex { $0.contains("Scope.sync(") && $0.contains(#"{"members":["\#(p.id)"],"name":"g"}"#) })
        let discover = try #require(aToB.firstIndex { $0.contains("Scope.discover(") })
        #expect(sync < discover && aToB.contains { $0.hasPrefix("monitor <b.pg>") }, sim.comment("\(aToB)"))
        let (syncs, discovers) = (scopeMessages("sync", in: sim).count, scopeMessages("discover", in: sim).count)
        try await sim.run { try await actor(a).discover(Pid(named: "pg", on: "b")) }  // b is known to a now
        try await settleScopes([a, b], sim)
        #expect(scopeMessages("sync", in: sim).count == syncs + 1, sim.comment)
        #expect(scopeMessages("discover", in: sim).count == discovers, sim.comment("no discover back to a known peer"))
        withExtendedLifetime(p) {}
    }

    /// D3: a sync replaces what was known of its sender, group by group: same list — unchanged;
    /// another list — replaced; a new group — added; a missing group — removed. An unknown sender
    /// is monitored first: one that runs no scope is dropped at once.
    @Test func aSyncReplacesEverythingKnownOfItsSender() async throws {
        let sim = simulation(seed: 7143)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let c = sim.addNode("c")  // runs no scope
        let q = b.spawnProcess(), r = b.spawnProcess(), s = c.spawnProcess()
        try await sim.run {
            try await scope(b).join("same", q.id)
            try await scope(b).join("changed", [q.id, r.id])
            try await scope(b).join("dropped", r.id)
        }
        try await settleScopes(nodes, sim)
        let fromB = Pid(named: "pg", on: "b")
        try await sim.run {
            try await actor(a).sync(
                fromB,
                [
                    GroupSnapshot(name: "same", members: [q.id]),
                    GroupSnapshot(name: "changed", members: [r.id]),
                    GroupSnapshot(name: "new", members: [q.id, q.id]),
                ])
            #expect(try scope(a).whichGroups() == ["changed", "new", "same"], sim.comment)
            #expect(
                scope(a).members(of: "changed") == [r.id] && scope(a).members(of: "new") == [q.id, q.id], sim.comment)
            try await checkScopes([a], sim, settled: false)
            try await actor(a).sync(Pid(named: "pg", on: "c"), [GroupSnapshot(name: "stranger", members: [s.id])])
            #expect(
                scope(a).members(of: "stranger") == [s.id] && a.monitoredPids.contains(Pid(named: "pg", on: "c")),
                sim.comment)
        }
        try await sim.quiescence()
        #expect(scope(a).members(of: "stranger") == [], sim.comment("<c.pg> does not exist: noproc"))
        withExtendedLifetime((q, r, s)) {}
    }

    /// D4: `join` and `leave` messages from a scope the receiver does not know are ignored.
    @Test func joinsAndLeavesFromStrangersAreIgnored() async throws {
        let sim = simulation(seed: 7144)
        let nodes = try sim.pgCluster("a")
        let c = sim.addNode("c")
        let s = c.spawnProcess()
        try await sim.run {
            let stranger = Pid(named: "pg", on: "c")
            try await actor(nodes[0]).join(stranger, "g", .one(s.id))
            try await actor(nodes[0]).leave(stranger, .one(s.id), ["g", "never"])
            #expect(try scope(nodes[0]).whichGroups() == [] && scope(nodes[0]).isRunning, sim.comment)
        }
        withExtendedLifetime(s) {}
    }

    /// D5: one owner's joins and leaves reach each peer in order, so the peer lists exactly the
    /// owner's list, order included.
    @Test func aPeerToldByMessagesListsTheOwnersOrder() async throws {
        let sim = simulation(seed: 7145)
        let nodes = try sim.pgCluster("a", "b", "c")
        let a = nodes[0]
        let pids = (0..<4).map { _ in a.spawnProcess() }
        try await settleScopes(nodes, sim)
        var random = SplitMix64(seed: 7145)
        let steps = (0..<40).map { _ in (pid: pids[Int(random.next() % 4)].id, kind: random.next() % 6) }
        let first = pids[0].id
        try await sim.run {
            for step in steps {
                switch step.kind {
                case 0, 1: try await scope(a).leave("g", step.pid)
                case 2, 3: try await scope(a).join("g", step.pid)
                default: try await scope(a).join("g", [step.pid, first])
                }
            }
        }
        try await settleScopes(nodes, sim)
        let owner = scope(a).members(of: "g")
        #expect(nodes.allSatisfy { scope($0).members(of: "g") == owner }, sim.comment("\(owner)"))
        withExtendedLifetime(pids) {}
    }

    /// D6: a peer lost for any reason — a cut link, its scope stopped, its node crashed — takes
    /// every entry it reported with it.
    @Test(arguments: ["cut", "stop", "crash"])
    func aLostPeerIsForgotten(how: String) async throws {
        let sim = simulation(seed: 7146)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let p = a.spawnProcess(), q = b.spawnProcess()
        try await sim.run {
            try await scope(a).join("g", p.id)
            try await scope(b).join("g", [q.id, q.id])
            try await scope(b).join("onlyB", q.id)
        }
        try await settleScopes(nodes, sim)
        switch how {
        case "cut": sim.partition(["a"], ["b"])
        case "stop": scope(b).stop()
        default: sim.crash("b")
        }
        try await settleScopes(nodes, sim)
        let groups = try scope(a).whichGroups()
        #expect(scope(a).members(of: "g") == [p.id] && groups == ["g"], sim.comment(how))
        withExtendedLifetime((p, q)) {}
    }

    /// D7, received: a `leave` naming a group its sender never announced crashes the receiving
    /// scope with `{badkey, Group}` — after the leave was applied to the table — and the peers then
    /// drop everything it had announced.
    @Test func aLeaveNamingAnUnannouncedGroupCrashesTheReceiver() async throws {
        let sim = simulation(seed: 7147)
        let nodes = try sim.pgCluster("a", "b")
        let (a, b) = (nodes[0], nodes[1])
        let p = a.spawnProcess(), q = b.spawnProcess(), watcher = a.spawnProcess()
        try await sim.run {
            try await scope(a).join("mine", p.id)
            try await scope(b).join("h", q.id)
        }
        try await settleScopes(nodes, sim)
        let subscription = try await sim.run { try await scope(a).monitorScope(for: watcher.id) }
        try await sim.run { try await actor(a).leave(Pid(named: "pg", on: "b"), .one(q.id), ["h", "never"]) }
        #expect(shapes(drained(subscription)) == ["leave h [\(q.id)]"], sim.comment("applied first"))
        #expect(!scope(a).isRunning, sim.comment)
        #expect(sim.trace.events.contains { $0.text == "exit <a.pg> {badkey, never}" }, sim.comment)
        try await settleScopes(nodes, sim)
        #expect(scope(b).members(of: "mine") == [], sim.comment("a's entries are gone from b"))
        withExtendedLifetime((p, q, watcher)) {}
    }
}

extension PGDiscoveryTests {
    /// D7, sent: the window of Chapters/PGRules.md's last section. b starts next to a: a answers
    /// b's discover with its sync and a discover. Once b has handled a's sync but not yet a's
    /// discover, b knows a but has sent a nothing; a leave on b right then must not be relayed to
    /// a, whose record of b is still empty — pg.erl would relay it, and a would crash ({badkey,
    /// g}). b's sync, sent when a's discover arrives, carries the leave instead.
    @Test func aLeaveMadeBeforeOurSyncIsNotRelayedToThatPeer() async throws {
        let sim = simulation(seed: 7149)
        let nodes = try sim.pgCluster("a")
        let a = nodes[0]
        let b = sim.addNode("b")
        try await sim.quiescence()
        let q = b.spawnProcess(), keep = b.spawnProcess()
        try ProcessGroups.Scope.start(on: b)
        try await sim.run { try await scope(b).join("g", [q.id, keep.id]) }
        let scopeB = try b.resolve(Pid(named: "pg", on: "b"), as: PG.Scope.self)
        var inWindow = false
        for _ in 0..<2_000 where !inWindow {
            try await sim.run(for: .microseconds(5))
            let peer = try await sim.run { await scopeB.whenLocal { $0.snapshot.peers[Pid(named: "pg", on: "a")] } }
            if let peer = peer ?? nil, !peer.told { inWindow = true }
        }
        try #require(inWindow, sim.comment("b never held a's sync before a's discover"))
        try await sim.run { _ = try await scope(b).leave("g", q.id) }
        try await settleScopes([a, b], sim)
        #expect(scope(a).isRunning && scope(b).isRunning, sim.comment)
        #expect(sortedMembers(of: "g", on: [a, b]) == ["a": [keep.id], "b": [keep.id]], sim.comment)
        withExtendedLifetime((q, keep)) {}
    }
}
