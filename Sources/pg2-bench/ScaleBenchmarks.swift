import Cluster
import Foundation
import ProcessGroups

// Scale: how the final module's costs grow with a group's size. Everything here goes through the
// public `ProcessGroups` API on the simulator (trace off), so the figures are the API's, not the
// table's. Wall-clock time throughout; virtual time is reported where it says so.

/// A one-node cluster whose group "g" holds `members` live processes of that node.
struct FilledNode {
    let sim: Simulation
    let node: Node
    let processes: [ProcessActor]

    init(members: Int, seed: UInt64 = 21) async throws {
        sim = Simulation(seed: seed, tracing: false)
        node = sim.addNode("a")
        try ProcessGroups.start(on: node)
        let node = node
        let processes = (0..<members).map { _ in node.spawnProcess() }
        self.processes = processes
        try await sim.run {
            let pg = ProcessGroups(node: node)
            try await pg.create("g")
            for process in processes { try await pg.join("g", process.id) }
        }
    }
}

/// Real time of one `join` into a group of `members` members: the mean over `joins` joins of
/// fresh processes (so the group grows by `joins`, a negligible fraction at the larger sizes).
func joinCost(members: Int, joins: Int = 200) async throws -> Double {
    let filled = try await FilledNode(members: members)
    let fresh = (0..<joins).map { _ in filled.node.spawnProcess() }
    let node = filled.node
    let seconds = try await measure {
        try await filled.sim.run {
            let pg = ProcessGroups(node: node)
            for process in fresh { try await pg.join("g", process.id) }
        }
    }
    withExtendedLifetime((filled, fresh)) {}
    return seconds / Double(joins)
}

/// Real time of `delete` of a group of `members` members (lock, every node's server, unlock).
func deleteCost(members: Int) async throws -> Double {
    let filled = try await FilledNode(members: members)
    let node = filled.node
    let seconds = try await measure {
        try await filled.sim.run { try await ProcessGroups(node: node).delete("g") }
    }
    precondition(ProcessGroups(node: node).whichGroups().isEmpty)
    withExtendedLifetime(filled) {}
    return seconds
}

/// Real time for node a to clean up after node b, which held `members` members of "g", crashes:
/// from the crash until a's table no longer lists them.
func survivorCleanupCost(members: Int) async throws -> Double {
    let sim = Simulation(seed: 23, tracing: false)
    let a = sim.addNode("a"), b = sim.addNode("b")
    for node in [a, b] { try ProcessGroups.start(on: node) }
    let processes = (0..<members).map { _ in b.spawnProcess() }
    try await sim.run {
        try await ProcessGroups(node: a).create("g")
        let pg = ProcessGroups(node: b)
        for process in processes { try await pg.join("g", process.id) }
    }
    try await sim.quiescence()
    let before = try ProcessGroups(node: a).members(of: "g").count
    precondition(before == members)
    sim.crash("b")
    let seconds = try await measure { try await sim.quiescence() }
    let after = try ProcessGroups(node: a).members(of: "g").count
    precondition(after == 0)
    withExtendedLifetime(processes) {}
    return seconds
}

/// Convergence after a heal: a | b, each side joins `joins` of its own processes into "g", then
/// the heal; real and virtual time from the heal until both nodes list all 2 × `joins` members.
func convergenceCost(joins: Int) async throws -> (real: Double, virtual: Duration) {
    let sim = Simulation(seed: 29, tracing: false)
    let a = sim.addNode("a"), b = sim.addNode("b")
    for node in [a, b] { try ProcessGroups.start(on: node) }
    try await sim.run { try await ProcessGroups(node: a).create("g") }
    try await sim.quiescence()
    sim.partition(["a"], ["b"])
    let mine = [a, b].map { node in (0..<joins).map { _ in node.spawnProcess() } }
    try await sim.run {
        for (node, processes) in zip([a, b], mine) {
            let pg = ProcessGroups(node: node)
            for process in processes { try await pg.join("g", process.id) }
        }
    }
    try await sim.quiescence()
    sim.heal()
    let healed = sim.now
    let seconds = try await measure { try await sim.quiescence() }
    let lists = try [a, b].map { try ProcessGroups(node: $0).members(of: "g") }
    precondition(lists[0].count == 2 * joins && lists[0] == lists[1])
    withExtendedLifetime(mine) {}
    return (seconds, sim.now - healed)
}

/// Public-API reads per second: `members(of:)` through one `ProcessGroups` value, on a node
/// whose group has `members` members.
func apiReadRate(members: Int, reads: Int = 10_000_000) async throws -> Double {
    let filled = try await FilledNode(members: members)
    let pg = ProcessGroups(node: filled.node)
    _ = try pg.members(of: "g")
    var checksum = 0
    let seconds = try await measure {
        for _ in 0..<reads { checksum &+= try pg.members(of: "g").count }
    }
    precondition(checksum == reads &* members)
    withExtendedLifetime(filled) {}
    return Double(reads) / seconds
}

func scaleRows(sizes: [Int]) async throws {
    for members in sizes {
        let cost = try await joinCost(members: members)
        row("join into a group of \(members) (1 node, API)", String(format: "%8.1f µs real per join", cost * 1e6))
    }
    for members in sizes {
        let cost = try await pgJoinCost(members: members)
        row(
            "pg join into a group of \(members) (2 nodes)",
            String(format: "%8.1f µs real per join", cost * 1e6))
    }
    let delete = try await deleteCost(members: 10_000)
    row("delete of a 10 000-member group (1 node, API)", String(format: "%8.1f ms", delete * 1e3))
    let cleanup = try await survivorCleanupCost(members: 10_000)
    row("survivor's cleanup, 10 000 members' node crashes", String(format: "%8.1f ms", cleanup * 1e3))
    for joins in [1_000, 10_000] {
        // The median of several runs: one run is a few milliseconds, easily disturbed.
        var runs: [(real: Double, virtual: Duration)] = []
        for _ in 0..<(joins <= 1_000 ? 7 : 3) { runs.append(try await convergenceCost(joins: joins)) }
        let (real, virtual) = runs.sorted { $0.real < $1.real }[runs.count / 2]
        row(
            "convergence after heal, 2 nodes, \(joins) joins/side",
            String(
                format: "%8.1f ms real  %6d µs virtual", real * 1e3, NodeClock.Instant(offset: virtual).microseconds)
        )
    }
    for members in [10, 1_000, 100_000] where sizes.contains(where: { $0 >= members }) || members <= 1_000 {
        let rate = try await apiReadRate(members: members, reads: members >= 100_000 ? 2_000_000 : 10_000_000)
        row("ProcessGroups.members(of:) with \(members) members", String(format: "%8.1f M reads/s", rate / 1e6))
    }
}

/// Real time of one pg `join` into a group whose `members` entries all came from node a, on two
/// nodes, until b has applied it too: a's write, a's cast, and b's record of what a reported (the
/// cost that must not grow with the group — pg's `join_remote` prepends, O(k) for k pids). The
/// mean over `joins` joins of fresh processes.
func pgJoinCost(members: Int, joins: Int = 200) async throws -> Double {
    let sim = Simulation(seed: 23, tracing: false)
    let a = sim.addNode("a"), b = sim.addNode("b")
    for node in [a, b] { try ProcessGroups.Scope.start(on: node) }
    try await sim.quiescence()
    let processes = (0..<members).map { _ in a.spawnProcess() }
    try await sim.run {
        let pg = ProcessGroups.Scope(on: a)
        for process in processes { try await pg.join("g", process.id) }
    }
    try await sim.quiescence()
    let fresh = (0..<joins).map { _ in a.spawnProcess() }
    let seconds = try await measure {
        try await sim.run {
            let pg = ProcessGroups.Scope(on: a)
            for process in fresh { try await pg.join("g", process.id) }
        }
        try await sim.quiescence()
    }
    precondition(ProcessGroups.Scope(on: b).members(of: "g").count == members + joins)
    withExtendedLifetime((processes, fresh)) {}
    return seconds / Double(joins)
}
