import ProcessGroups
import Synchronization

/// One seed's scenario for the racing sweep: the same steps as ``SweepScenario``, but nothing
/// waits for anything — writes (to any group, the same one from several nodes too) keep running
/// while partitions, heals, crashes, server restarts and kills happen around them, a random
/// moment apart.
///
/// pg2 promises less here. Writes race exchanges (A4), so after the final heal the nodes may
/// disagree, and which join found its group is a matter of timing. What must still hold:
/// - every write whose node stayed up returns — ok, or `noSuchGroup` for a join or a leave;
/// - every node's invariants hold once all is quiet (rules 2, 4, 11: one monitor per member);
/// - no node lists a dead pid (rules 11–13: every listed pid is monitored, so its death is heard);
/// - deleting every group and killing every pid leaves no row and no monitor on any node.
struct RacingScenario {
    private(set) var cluster: SweepCluster
    private var started: [(node: Node, write: SweepModel.Write, outcome: Outcome)] = []
    /// Whether the live nodes disagreed after the final heal (A4 happened; not a failure).
    private(set) var disagreed = false

    /// What a write returned: nil while it runs, then "ok" or its error.
    final class Outcome: Sendable {
        let value = Mutex<String?>(nil)
    }

    init(seed: UInt64, replayCommand: String) {
        cluster = SweepCluster(seed: seed, salt: 0x4ACE_4ACE_4ACE_4ACE, replayCommand: replayCommand)
    }

    private var sim: Simulation { cluster.sim }

    /// Plays the whole scenario.
    mutating func play() async throws {
        try cluster.start()
        start([(cluster.names[0], .create("g0")), (cluster.names[1], .create("g1"))])
        for _ in 0..<Int.random(in: 10...16, using: &cluster.random) {
            try randomStep()
            try await sim.run(for: .microseconds(Int.random(in: 0...3_000, using: &cluster.random)))
        }
        try await sim.run(for: .seconds(300))  // long enough for any lock backoff to end
        guard checkWrites() else { return }  // a write still running would keep it from quiescing
        if Bool.random(using: &cluster.random) {
            for name in cluster.crashed { try cluster.restart(name) }
        }
        cluster.heal()
        try await sim.quiescence()
        try await checkTables()
        cluster.log.append("healed: " + cluster.tables.joined(separator: "; "))
        disagreed = Set(cluster.live.map { cluster.table(of: $0) }).count > 1
        if disagreed { cluster.log.append("the nodes disagree after the heal (A4)") }
        try await cluster.cleanUp()
    }

    private mutating func randomStep() throws {
        let live = cluster.live, crashed = cluster.crashed
        switch Int.random(in: 0..<100, using: &cluster.random) {
        case 0..<50:
            start(
                cluster.randomWrites(onePerLock: false) { name, group in
                    (try? pg2(live.first { $0.name == name }!).members(of: group)) != nil
                })
        case 50..<62: cluster.partition()
        case 62..<72: cluster.heal()
        case 72..<80 where crashed.isEmpty && live.count >= 3:
            cluster.crash(live.randomElement(using: &cluster.random)!.name)
        case 72..<80 where !crashed.isEmpty: try cluster.restart(crashed.randomElement(using: &cluster.random)!)
        case 80..<88: try cluster.restartServer(live.randomElement(using: &cluster.random)!.name)
        default:
            if let pid = cluster.alive.sorted().randomElement(using: &cluster.random) { cluster.kill([pid]) }
        }
    }

    /// Starts each write in a task of its node, and does not wait for it.
    private mutating func start(_ batch: [(NodeName, SweepModel.Write)]) {
        cluster.log.append("start " + batch.map { "\($1) from \($0)" }.joined(separator: ", "))
        for (name, write) in batch {
            let node = cluster.sim.node(name)!, outcome = Outcome()
            node.spawn {
                let result: String
                do {
                    try await write.perform(on: node)
                    result = "ok"
                } catch { result = "\(error)" }
                outcome.value.withLock { $0 = result }
            }
            started.append((node, write, outcome))
        }
    }

    /// Every write from a node that is still up has returned ok, or `noSuchGroup` for a join or
    /// leave. (A write whose node crashed under it may end any way, or never.)
    private mutating func checkWrites() -> Bool {
        var allDone = true
        for (node, write, outcome) in started where node.isAlive {
            let result = outcome.value.withLock { $0 }
            switch (write, result) {
            case (_, nil):
                cluster.fail("\(write) from \(node.name) has not returned")
                allDone = false
            case (_, "ok"?): break
            case (.join(let g, _), let error?), (.leave(let g, _), let error?):
                if error != "\(PG2Error.noSuchGroup(g))" { cluster.fail("\(write) from \(node.name) threw \(error)") }
            case (_, let error?): cluster.fail("\(write) from \(node.name) threw \(error)")
            }
        }
        return allDone
    }

    /// Once all is quiet: the invariants hold on every live node, and no node lists a dead pid.
    private mutating func checkTables() async throws {
        let live = cluster.live
        let broken = try await sim.run {
            var broken: [String] = []
            for node in live {
                do { try await pg2(node).checkInvariants() } catch { broken.append("\(node): \(error)") }
            }
            return broken
        }
        for problem in broken { cluster.fail(problem) }
        for node in live {
            for group in pg2(node).whichGroups() {
                let dead = ((try? pg2(node).members(of: group)) ?? []).filter { !cluster.alive.contains($0) }
                if !dead.isEmpty { cluster.fail("\(node.name) lists dead \(dead) in \(group)") }
            }
        }
    }
}
