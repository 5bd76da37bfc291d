import ProcessGroups

/// The cluster a sweep scenario plays on: its simulation, its processes, the random choices and
/// the faults that both sweeps (``SweepScenario`` and ``RacingScenario``) share.
///
/// Every choice comes from one `NodeRandom` seeded by the seed, and the simulation has the same
/// seed, so a seed replays exactly. Nothing here iterates a `Set` or `Dictionary` unsorted.
struct SweepCluster {
    let seed: UInt64
    let sim: Simulation
    var random: NodeRandom
    let names: [NodeName]
    /// Every process spawned, held so that it lives until it is killed or its node crashes.
    private(set) var processes: [ProcessActor] = []
    /// The pids whose process is alive.
    private(set) var alive: Set<Pid> = []
    /// What happened, one line per step.
    var log: [String] = []
    /// What went wrong, each with the step it followed.
    private(set) var failures: [String] = []
    static let groupNames: [GroupName] = ["g0", "g1", "g2", "g3"]

    init(seed: UInt64, salt: UInt64, replayCommand: String) {
        self.seed = seed
        sim = Simulation(seed: seed, replayCommand: replayCommand)
        random = NodeRandom(seed: seed ^ salt)
        names = Array(["a", "b", "c", "d"].prefix(Int.random(in: 3...4, using: &random)))
    }

    var live: [Node] { sim.nodes.filter(\.isAlive) }
    var pids: [Pid] { processes.map(\.id) }
    var crashed: [NodeName] { names.filter { sim.node($0)?.isAlive != true } }

    /// The nodes `name` sees, itself included.
    func block(of name: NodeName) -> [NodeName] { [name] + (sim.node(name)?.connectedNodes ?? []) }

    func canReach(_ from: NodeName, _ to: NodeName) -> Bool {
        from == to || sim.node(from)?.isConnected(to: to) == true
    }

    /// Adds the nodes, starts pg2 on each, and spawns two processes per node.
    mutating func start() throws {
        for name in names { try ProcessGroups.start(on: sim.addNode(name)) }
        for name in names { spawnProcesses(on: name) }
    }

    mutating func spawnProcesses(on name: NodeName) {
        let fresh = [sim.node(name)!.spawnProcess(), sim.node(name)!.spawnProcess()]
        processes += fresh
        alive.formUnion(fresh.map(\.id))
    }

    // MARK: Random writes

    /// 1–4 random writes from random live nodes. With `onePerLock`, no two write the same group
    /// within one connected set of nodes (so their order cannot matter; the two sides of a
    /// partition may still write one group at once). Mostly joins and leaves of groups the caller
    /// has (`has`), sometimes of one it lacks, or of a dead pid.
    mutating func randomWrites(
        onePerLock: Bool, has: (NodeName, GroupName) -> Bool
    ) -> [(NodeName, SweepModel.Write)] {
        var batch: [(NodeName, SweepModel.Write)] = []
        var taken: Set<String> = []
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let from = live.randomElement(using: &random)!.name
            let group = Self.groupNames.randomElement(using: &random)!
            let lock = "\(block(of: from).sorted().first!)/\(group)"
            if onePerLock, !taken.insert(lock).inserted { continue }
            let living = alive.sorted()
            let pid =
                (Int.random(in: 0..<100, using: &random) < 85 ? living.randomElement(using: &random) : nil)
                ?? pids.randomElement(using: &random)!
            let roll = Int.random(in: 0..<100, using: &random)
            let write: SweepModel.Write
            if has(from, group) {
                write =
                    roll < 55
                    ? .join(group, pid) : roll < 80 ? .leave(group, pid) : roll < 92 ? .delete(group) : .create(group)
            } else {
                write =
                    roll < 60
                    ? .create(group) : roll < 75 ? .join(group, pid) : roll < 85 ? .leave(group, pid) : .delete(group)
            }
            batch.append((from, write))
        }
        return batch
    }

    // MARK: Faults

    /// A clean partition of all node names (crashed ones too) into 2 or 3 non-empty sides.
    mutating func partition() {
        let count = Int.random(in: 2...min(3, names.count), using: &random)
        var sides: [[NodeName]] = Array(repeating: [], count: count)
        for (index, name) in names.shuffled(using: &random).enumerated() {
            sides[index < count ? index : Int.random(in: 0..<count, using: &random)].append(name)
        }
        sides = sides.map { $0.sorted() }
        log.append("partition \(sides)")
        if count == 2 { sim.partition(sides[0], sides[1]) } else { sim.partition(sides[0], sides[1], sides[2]) }
    }

    mutating func heal() {
        log.append("heal")
        sim.heal()
    }

    mutating func crash(_ name: NodeName) {
        log.append("crash \(name)")
        sim.crash(name)
        alive = alive.filter { $0.node != name }
    }

    /// A new incarnation of `name`, running pg2, with two fresh processes.
    mutating func restart(_ name: NodeName) throws {
        log.append("restart \(name)")
        try ProcessGroups.start(on: sim.restart(name))
        spawnProcesses(on: name)
    }

    /// Rule 14 (`new_pg2`): the node's pg2 server exits and a new one starts, empty.
    mutating func restartServer(_ name: NodeName) throws {
        log.append("restart the pg2 server on \(name)")
        sim.node(name)!.exit(Pid(named: "pg2", on: name))
        try ProcessGroups.start(on: sim.node(name)!)
    }

    mutating func kill(_ pids: [Pid]) {
        log.append("kill \(pids)")
        for pid in pids { sim.kill(pid) }
        alive.subtract(pids)
    }

    // MARK: Reporting

    mutating func fail(_ text: String) { failures.append("after step \(log.count) (\(log.last ?? "start")): \(text)") }

    /// `node`'s groups with their members, on one line.
    func table(of node: Node) -> String {
        pg2(node).whichGroups().map { "\($0)=\(describe(try? pg2(node).members(of: $0)))" }.joined(separator: " ")
    }

    /// Every live node's table, one line per node.
    var tables: [String] { live.map { "\($0.name): \(table(of: $0))" } }

    /// Deletes every group any live node has, then kills every live pid; afterwards no table may
    /// hold anything and no node may monitor anything (pg2's monitors of members and the lock
    /// servers' monitors of transaction processes alike). Quiesces before it checks.
    mutating func cleanUp() async throws {
        let groups = Set(live.flatMap { pg2($0).whichGroups() }).sorted()
        log.append("delete \(groups)")
        let sim = self.sim
        let deletes = groups.map { ($0, live.randomElement(using: &random)!) }
        try await sim.run {
            let tasks = deletes.map { group, node in node.spawn { try await pg2(node).delete(group) } }
            for task in tasks { try await task.value }
        }
        kill(alive.sorted())
        try await sim.quiescence()
        let survivors = live
        let leftovers = try await sim.run {
            var leftovers: [NodeName] = []
            for node in survivors where try await !pg2(node).isEmpty() { leftovers.append(node.name) }
            return leftovers
        }
        if !leftovers.isEmpty { fail("tables not empty after the clean-up on \(leftovers): \(tables)") }
        for node in survivors where !node.monitoredPids.isEmpty {
            fail("\(node.name) still monitors \(node.monitoredPids) after the clean-up")
        }
    }
}

func describe(_ pids: [Pid]?) -> String { pids.map { "\($0)" } ?? "unknown" }

extension SweepModel.Write {
    /// Makes this write through the final module's API on `node`.
    func perform(on node: Node) async throws {
        switch self {
        case .create(let g): try await pg2(node).create(g)
        case .delete(let g): try await pg2(node).delete(g)
        case .join(let g, let p): try await pg2(node).join(g, p)
        case .leave(let g, let p): try await pg2(node).leave(g, p)
        }
    }
}
