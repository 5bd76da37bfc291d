import ProcessGroups

/// One seed's scenario for the exact sweep: a small cluster, 10–16 random steps — concurrent
/// writes, clean partitions and heals, a crash and a restart, pg2 server restarts, kills — each
/// followed by quiescence and a comparison of every live node's table with a ``SweepModel``.
///
/// Quiescing after every step and never writing one group twice at once within a connected set
/// of nodes are what make pg2's outcome exact here: no write races an exchange (A4), and clean
/// partitions never produce the single cut links that A2 and A3 need.
struct SweepScenario {
    private(set) var cluster: SweepCluster
    private var model = SweepModel()

    init(seed: UInt64, replayCommand: String) {
        cluster = SweepCluster(seed: seed, salt: 0x5EED_5EED_5EED_5EED, replayCommand: replayCommand)
    }

    private var sim: Simulation { cluster.sim }

    /// Plays the whole scenario.
    mutating func play() async throws {
        try cluster.start()
        for name in cluster.names { model.tables[name] = [:] }
        try await writes([(cluster.names[0], .create("g0")), (cluster.names[1], .create("g1"))])
        for _ in 0..<Int.random(in: 10...16, using: &cluster.random) { try await randomStep() }
        if Bool.random(using: &cluster.random) {
            for name in cluster.crashed { try await restart(name) }
        }
        cluster.heal()
        try await settle(merging: true)
        cluster.log.append("healed: " + cluster.tables.joined(separator: "; "))
        if Set(cluster.live.map { cluster.table(of: $0) }).count > 1 {
            cluster.fail("live nodes disagree after the heal")  // also checked against the model above
        }
        try await cluster.cleanUp()
    }

    private mutating func randomStep() async throws {
        let live = cluster.live, crashed = cluster.crashed
        switch Int.random(in: 0..<100, using: &cluster.random) {
        case 0..<45:
            let model = self.model
            try await writes(cluster.randomWrites(onePerLock: true) { model.tables[$0]?[$1] != nil })
        case 45..<57:
            cluster.partition()
            try await settle(merging: false)
        case 57..<67:
            cluster.heal()
            try await settle(merging: true)
        case 67..<75 where crashed.isEmpty && live.count >= 3:
            let name = live.randomElement(using: &cluster.random)!.name
            cluster.crash(name)
            model.tables[name] = nil
            try await settle(merging: false)
        case 67..<75 where !crashed.isEmpty:
            try await restart(crashed.randomElement(using: &cluster.random)!)
        case 75..<85:
            let name = live.randomElement(using: &cluster.random)!.name
            try cluster.restartServer(name)
            model.tables[name] = [:]  // its peers refill it: the merge below
            try await settle(merging: true)
        default:
            guard let pid = cluster.alive.sorted().randomElement(using: &cluster.random) else { return }
            cluster.kill([pid])
            try await settle(merging: false)
        }
    }

    private mutating func restart(_ name: NodeName) async throws {
        try cluster.restart(name)
        model.tables[name] = [:]
        try await settle(merging: true)
    }

    /// Runs `batch` concurrently, each write in a task of its node, and checks each outcome:
    /// ok, or `noSuchGroup` exactly where the model says the caller lacks the group.
    private mutating func writes(_ batch: [(NodeName, SweepModel.Write)]) async throws {
        cluster.log.append("writes " + batch.map { "\($1) from \($0)" }.joined(separator: ", "))
        let expected = batch.map { model.expectedError(of: $1, on: $0).map { "\($0)" } }
        let blocks = batch.map { cluster.block(of: $0.0) }
        let sim = self.sim
        let outcomes = try await sim.run {
            let tasks = batch.map { name, write in
                let node = sim.node(name)!
                return node.spawn { () async -> String? in
                    do {
                        try await write.perform(on: node)
                        return nil
                    } catch { return "\(error)" }
                }
            }
            var outcomes: [String?] = []
            for task in tasks { outcomes.append(await task.value) }
            return outcomes
        }
        for (index, (name, write)) in batch.enumerated() {
            if outcomes[index] != expected[index] {
                cluster.fail(
                    "\(write) from \(name) gave \(outcomes[index] ?? "ok"), expected \(expected[index] ?? "ok")")
            }
            model.apply(write, on: name, block: blocks[index])
        }
        try await settle(merging: false)
    }

    /// Quiesces; updates the model (if connections came up, tables merge; dead and unreachable
    /// pids drop out); then checks every live node's invariants and compares its table with the
    /// model: groups, members, and local members.
    private mutating func settle(merging: Bool) async throws {
        try await sim.quiescence()
        let cluster = self.cluster
        if merging { model.merge(components(of: cluster.live).map { $0.map(\.name) }) }
        model.dropUnreachable(alive: cluster.alive, canReach: cluster.canReach)
        let live = cluster.live
        let broken = try await sim.run {
            var broken: [String] = []
            for node in live {
                do { try await pg2(node).checkInvariants() } catch { broken.append("\(node): \(error)") }
            }
            return broken
        }
        broken.forEach { self.cluster.fail($0) }
        for node in live { compare(node) }
    }

    private mutating func compare(_ node: Node) {
        let name = node.name, groups = pg2(node).whichGroups()
        if groups != model.groups(on: name) {
            cluster.fail("\(name): which_groups \(groups), model \(model.groups(on: name))")
        }
        for group in Set(groups + model.groups(on: name)).sorted() {
            let real = try? pg2(node).members(of: group), expected = model.members(of: group, on: name)
            if real != expected {
                cluster.fail("\(name): members of \(group) \(describe(real)), model \(describe(expected))")
            }
            let local = try? pg2(node).localMembers(of: group)
            if local != expected?.filter({ $0.node == name }) {
                cluster.fail("\(name): local members of \(group) \(describe(local))")
            }
        }
    }
}
