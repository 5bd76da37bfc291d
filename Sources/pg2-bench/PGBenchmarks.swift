import Cluster
import Foundation
import ProcessGroups

// pg2 and pg side by side: a join's latency on 1, 2, 3 and 5 nodes, and convergence after a
// heal with 1 000 joins on each side, both modules in one run. Everything runs on the simulator
// with the trace off; "real" is wall-clock time on this machine, "virtual" the simulated time
// (message delays of 100…1000 µs).

/// One join's cost on `size` nodes, from node a.
/// - Returns: real µs per join — `joins` joins in one run, with every message they cause
///   delivered; and, averaged over 50 joins made one at a time, the virtual ms until a join
///   returns and until every node lists its entry.
func joinLatency(_ module: String, nodes size: Int, joins: Int = 500) async throws
    -> (real: Double, returns: Double, everywhere: Double)
{
    let sim = Simulation(seed: 7, tracing: false)
    let nodes = (0..<size).map { sim.addNode(NodeName(String(UnicodeScalar(UInt8(97 + $0))))) }
    for node in nodes {
        if module == "pg" { try ProcessGroups.Scope.start(on: node) } else { try ProcessGroups.start(on: node) }
    }
    let worker = nodes[0].spawnProcess()
    if module == "pg2" { try await sim.run { try await ProcessGroups(node: nodes[0]).create("g") } }
    try await sim.quiescence()
    @Sendable func join() async throws {
        if module == "pg" {
            try await ProcessGroups.Scope(on: nodes[0]).join("g", worker.id)
        } else {
            try await ProcessGroups(node: nodes[0]).join("g", worker.id)
        }
    }
    let seconds = try await measure {
        try await sim.run { for _ in 0..<joins { try await join() } }
        try await sim.quiescence()
    }
    let timed = 50
    var returns = Duration.zero, everywhere = Duration.zero
    for _ in 0..<timed {
        let start = sim.now
        try await sim.run { try await join() }
        returns += sim.now - start
        try await sim.quiescence()
        everywhere += sim.now - start
    }
    let count =
        module == "pg"
        ? ProcessGroups.Scope(on: nodes[size - 1]).members(of: "g").count
        : try ProcessGroups(node: nodes[size - 1]).members(of: "g").count
    precondition(count == joins + timed)
    withExtendedLifetime(worker) {}
    let ms = { (d: Duration) in Double(NodeClock.Instant(offset: d / timed).microseconds) / 1000 }
    return (seconds / Double(joins) * 1e6, ms(returns), ms(everywhere))
}

/// pg's convergence after a heal: a | b, each side joins `joins` of its own processes to "g",
/// then the heal; real and virtual time until both nodes list all 2 × `joins` entries.
func pgConvergenceCost(joins: Int) async throws -> (real: Double, virtual: Duration) {
    let sim = Simulation(seed: 29, tracing: false)
    let a = sim.addNode("a"), b = sim.addNode("b")
    for node in [a, b] { try ProcessGroups.Scope.start(on: node) }
    try await sim.quiescence()
    sim.partition(["a"], ["b"])
    let mine = [a, b].map { node in (0..<joins).map { _ in node.spawnProcess() } }
    try await sim.run {
        for (node, processes) in zip([a, b], mine) {
            let pg = ProcessGroups.Scope(on: node)
            for process in processes { try await pg.join("g", process.id) }
        }
    }
    try await sim.quiescence()
    sim.heal()
    let healed = sim.now
    let seconds = try await measure { try await sim.quiescence() }
    let lists = [a, b].map { ProcessGroups.Scope(on: $0).members(of: "g").sorted() }
    precondition(lists[0].count == 2 * joins && lists[0] == lists[1])
    withExtendedLifetime(mine) {}
    return (seconds, sim.now - healed)
}

/// The median, by real time, of `runs` runs of `body`.
func median(_ runs: Int, _ body: () async throws -> (real: Double, virtual: Duration)) async rethrows
    -> (real: Double, virtual: Duration)
{
    var all: [(real: Double, virtual: Duration)] = []
    for _ in 0..<runs { all.append(try await body()) }
    return all.sorted { $0.real < $1.real }[runs / 2]
}

/// `pg2-bench pg`: the side-by-side rows.
func pgRows() async throws {
    _ = try await joinLatency("pg", nodes: 2, joins: 50)  // warm up
    for size in [1, 2, 3, 5] {
        for module in ["pg2", "pg"] {
            let cost = try await joinLatency(module, nodes: size)
            row(
                "\(module) join, \(size) node\(size == 1 ? "" : "s")",
                String(
                    format: "%7.1f µs real  %5.2f ms virtual to return  %5.2f ms to every node",
                    cost.real, cost.returns, cost.everywhere))
        }
    }
    let pg2 = try await median(7) { try await convergenceCost(joins: 1_000) }
    let pg = try await median(7) { try await pgConvergenceCost(joins: 1_000) }
    for (module, cost) in [("pg2", pg2), ("pg", pg)] {
        row(
            "\(module) convergence after heal, 1000 joins/side",
            String(
                format: "%7.1f ms real  %6d µs virtual", cost.real * 1e3,
                NodeClock.Instant(offset: cost.virtual).microseconds))
    }
}
