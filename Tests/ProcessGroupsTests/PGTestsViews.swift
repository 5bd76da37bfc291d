import ProcessGroups
import TestKit
import PGTestKit
import Testing

/// Rules V1–V6 of Chapters/PGRules.md: what each node ends up seeing. (V3 — pg2's anomalies A1–A4
/// cannot happen — is PGSideBySideTests'.)
@Suite struct PGViewTests {
    /// V1, V5 and the invariants, over random runs: joins, leaves and exits, partitions and single
    /// cut links, crashes and restarts of nodes and of scopes. After every step, once it settles,
    /// every node shows its own entries plus those of the nodes it is directly connected to
    /// (``expectedViews(_:scope:)``); every scope's invariants hold; no scope has crashed; and a
    /// scope subscriber on every node that applies its notifications to its snapshot holds the
    /// node's table.
    @Test(arguments: [7151, 7152, 7153, 7154, 7155, 7156] as [UInt64])
    func randomRunsSettleOnWhatTheLinksAndTheOwnersSay(seed: UInt64) async throws {
        var sweep = try Sweep(sim: simulation(seed: seed))
        var random = SplitMix64(seed: sweep.sim.seed)  // PG2_SEED replays the steps too
        for step in 0..<40 {
            let what = try await sweep.step(&random)
            if Simulation.replaySeed != nil { print("step \(step): \(what)") }
            try await settleScopes(sweep.nodes, sweep.sim)
            try sweep.checkSubscribers(after: "step \(step), \(what)")
            for node in sweep.nodes where node.isAlive && sweep.scopeWanted.contains(node.name) {
                #expect(
                    scope(node).isRunning, sweep.sim.comment("step \(step), \(what): the scope on \(node.name) crashed")
                )
            }
        }
        sweep.sim.expectNoEscapedJobs()
    }

    /// V2: with a–b cut while both still reach c, a and b do not see each other's entries, and c
    /// sees everyone's.
    @Test func theViewIsNotTransitive() async throws {
        let sim = simulation(seed: 7157)
        let nodes = try sim.pgCluster("a", "b", "c")
        let pids = nodes.map { $0.spawnProcess() }
        try await sim.run { for (node, p) in zip(nodes, pids) { try await scope(node).join("g", p.id) } }
        sim.disconnect("a", "b")
        try await settleScopes(nodes, sim)
        let (pa, pb, pc) = (pids[0].id, pids[1].id, pids[2].id)
        #expect(sortedMembers(of: "g", on: nodes) == ["a": [pa, pc], "b": [pb, pc], "c": [pa, pb, pc]], sim.comment)
        withExtendedLifetime(pids) {}
    }

    /// V4: a crashed node's entries vanish everywhere, with the groups only it had; restarted, it
    /// starts empty and learns its peers' entries again.
    @Test func aCrashedNodeVanishesAndARestartedOneStartsEmpty() async throws {
        let sim = simulation(seed: 7158)
        let nodes = try sim.pgCluster("a", "b", "c")
        let p = nodes[0].spawnProcess(), r = nodes[2].spawnProcess()
        try await sim.run {
            try await scope(nodes[0]).join("g", p.id)
            try await scope(nodes[2]).join("g", r.id)
            try await scope(nodes[2]).join("onlyC", r.id)
        }
        try await settleScopes(nodes, sim)
        sim.crash("c")
        try await settleScopes(nodes, sim)
        #expect(try scope(nodes[0]).whichGroups() == ["g"] && scope(nodes[1]).members(of: "g") == [p.id], sim.comment)
        let c2 = sim.restart("c")
        try ProcessGroups.Scope.start(on: c2)
        let live = [nodes[0], nodes[1], c2]
        try await settleScopes(live, sim)
        #expect(try scope(c2).whichGroups() == ["g"] && scope(c2).members(of: "g") == [p.id], sim.comment)
        withExtendedLifetime((p, r)) {}
    }

    /// V6: `join` returns before any peer knows; the peers learn of it one message later.
    @Test func aJoinIsVisibleLocallyAtOnceAndElsewhereEventually() async throws {
        let sim = simulation(seed: 7159)
        let nodes = try sim.pgCluster("a", "b")
        let p = nodes[0].spawnProcess()
        try await settleScopes(nodes, sim)
        let start = sim.now
        try await sim.run {
            try await scope(nodes[0]).join("g", p.id)
            #expect(scope(nodes[0]).members(of: "g") == [p.id] && scope(nodes[1]).members(of: "g") == [], sim.comment)
        }
        #expect(sim.now == start, sim.comment("the join took no virtual time: no message was awaited"))
        try await settleScopes(nodes, sim)
        #expect(scope(nodes[1]).members(of: "g") == [p.id], sim.comment)
        withExtendedLifetime(p) {}
    }
}

/// The random runs of ``PGViewTests``: four nodes, each with a few processes and a subscriber.
struct Sweep {
    let sim: Simulation
    private(set) var nodes: [Node]
    /// The nodes whose scope should be running (a stopped scope is restarted later).
    private(set) var scopeWanted: Set<NodeName>
    private var processes: [NodeName: [ProcessActor]] = [:]
    /// Each node's scope subscriber, its subscription, and the table its notifications rebuild.
    private var watchers: [NodeName: (process: ProcessActor, subscription: Subscription, table: [GroupName: [Pid]])] =
        [:]

    init(sim: Simulation) throws {
        self.sim = sim
        nodes = try sim.pgCluster("a", "b", "c", "d")
        scopeWanted = Set(nodes.map(\.name))
        for node in nodes { processes[node.name] = (0..<3).map { _ in node.spawnProcess() } }
    }

    /// Subscribes a fresh watcher on every node that runs the scope and has none.
    private mutating func subscribe() async throws {
        for node in nodes where node.isAlive && scope(node).isRunning && watchers[node.name] == nil {
            let watcher = node.spawnProcess()
            let subscription = try await sim.run { try await scope(node).monitorScope(for: watcher.id) }
            watchers[node.name] = (watcher, subscription, subscription.groups)
        }
    }

    /// Rule V5: each watcher's snapshot, with its notifications applied, is its node's table.
    mutating func checkSubscribers(after what: String) throws {
        for name in watchers.keys.sorted() {
            var (process, subscription, table) = watchers[name]!
            for note in subscription.notifications.drain() {
                switch note.action {
                case .join: table[note.group, default: []] += note.pids
                case .leave:
                    for pid in note.pids {
                        if let index = table[note.group]?.firstIndex(of: pid) { table[note.group]!.remove(at: index) }
                    }
                }
            }
            watchers[name] = (process, subscription, table)
            let node = nodes.first { $0.name == name }!
            let rebuilt = table.filter { !$0.value.isEmpty }.mapValues { $0.sorted() }
            let actual = actualViews([node])[name] ?? [:]
            #expect(
                rebuilt == actual,
                sim.comment("rule V5 on \(name) after \(what): notifications give \(rebuilt), the table \(actual)"))
        }
    }

    /// One random step, run and returned as words.
    mutating func step(_ random: inout SplitMix64) async throws -> String {
        try await subscribe()
        let live = nodes.filter { $0.isAlive && scope($0).isRunning }
        let roll = random.next() % 100
        guard !live.isEmpty else { return restartAll() }
        let node = live[Int(random.next() % UInt64(live.count))]
        let mine = processes[node.name]!.filter { node.isAlive($0.id) }
        let group = ["g", "h"][Int(random.next() % 2)]
        switch roll {
        case 0..<30 where !mine.isEmpty:
            let picks = (0...(random.next() % 2)).map { _ in mine[Int(random.next() % UInt64(mine.count))].id }
            try await sim.run {
                try await picks.count == 1 ? scope(node).join(group, picks[0]) : scope(node).join(group, picks)
            }
            return "\(node.name) joins \(picks) to \(group)"
        case 30..<50 where !mine.isEmpty:
            let pick = mine[Int(random.next() % UInt64(mine.count))].id
            try await sim.run { _ = try await scope(node).leave(group, pick) }
            return "\(node.name) leaves \(pick) from \(group)"
        case 50..<58 where !mine.isEmpty:
            let pick = mine[Int(random.next() % UInt64(mine.count))].id
            sim.kill(pick)
            processes[node.name]!.append(node.spawnProcess())
            return "kill \(pick)"
        case 58..<66:
            let names = nodes.map(\.name)
            let split = Int(random.next() % 3) + 1
            sim.partition(Array(names.prefix(split)), Array(names.dropFirst(split)))
            return "partition at \(split)"
        case 66..<76:
            let names = nodes.map(\.name).shuffledDeterministically(&random)
            sim.disconnect(names[0], names[1])
            return "disconnect \(names[0]) \(names[1])"
        case 76..<82:
            sim.heal()
            return "heal"
        case 82..<88:
            // The heal's discovers and syncs race with writes made while they are in flight.
            sim.heal()
            let churn = live.flatMap { node in
                processes[node.name]!.filter { node.isAlive($0.id) }.map { (node, $0.id) }
            }
            try await sim.run {
                for (index, (node, pid)) in churn.enumerated() {
                    if index % 2 == 0 {
                        try await scope(node).join(group, pid)
                    } else {
                        _ = try await scope(node).leave(group, pid)
                    }
                }
            }
            return "heal while every node writes \(group)"
        case 88..<92:
            sim.crash(node.name)
            watchers[node.name] = nil
            return "crash \(node.name)"
        case 92..<96:
            scope(node).stop()
            watchers[node.name] = nil
            scopeWanted.remove(node.name)
            return "stop the scope on \(node.name)"
        default:
            return restartAll()
        }
    }

    /// Restarts every crashed node and every stopped scope.
    private mutating func restartAll() -> String {
        var done: [String] = []
        for (index, node) in nodes.enumerated() where !node.isAlive {
            let fresh = sim.restart(node.name)
            nodes[index] = fresh
            processes[fresh.name] = (0..<3).map { _ in fresh.spawnProcess() }
            scopeWanted.insert(fresh.name)
            _ = try? ProcessGroups.Scope.start(on: fresh)
            done.append("restart \(fresh.name)")
        }
        for node in nodes where node.isAlive && !scope(node).isRunning {
            _ = try? ProcessGroups.Scope.start(on: node)
            scopeWanted.insert(node.name)
            done.append("start the scope on \(node.name)")
        }
        return done.isEmpty ? "nothing to restart" : done.joined(separator: ", ")
    }
}

extension Array {
    /// The elements in an order drawn from `random`.
    func shuffledDeterministically(_ random: inout SplitMix64) -> [Element] {
        var copy = self
        for index in copy.indices.reversed() where index > 0 {
            copy.swapAt(index, Int(random.next() % UInt64(index + 1)))
        }
        return copy
    }
}
