import CClusterRuntime
import Cluster
import Demos
import LocalTable
import ProcessGroups
import Foundation

// `swift run -c release pg2-bench` — the workbook's benchmarks, printed as a table.
// Figures are wall-clock time on this machine; virtual time plays no part in them.

/// Seconds of wall-clock time `body` takes.
func measure(_ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let elapsed = start.duration(to: .now).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
}

/// The real cost of one simulated message: `calls` sequential echo calls between two nodes
/// (each is two messages: request and reply), with the trace on or off.
func simulatedMessageCost(calls: Int, tracing: Bool) async throws -> (perMessage: Double, perSecond: Double) {
    let sim = Simulation(seed: 1, tracing: tracing)
    let a = sim.addNode("a"), b = sim.addNode("b")
    let p = b.spawnProcess()
    let remote = try a.resolve(p.id, as: ProcessActor.self)
    let seconds = try await measure {
        try await sim.run {
            for i in 0..<calls { _ = try await remote.echo("m\(i)") }
        }
    }
    let messages = Double(calls * 2)
    return (seconds / messages * 1e6, messages / seconds)
}

func row(_ name: String, _ value: String) {
    print(name.padding(toLength: 52, withPad: " ", startingAt: 0) + value)
}

// Modes: `pg2-bench scale [sizes…]` runs only the scale rows (default sizes 10 1000 10000
// 100000); `pg2-bench pg` only the rows that compare pg2 with pg; `delete` and `convergence`
// repeat one row, for a profiler.
if CommandLine.arguments.dropFirst().first == "delete" {
    // Only the delete row, repeated: for profiling.
    for _ in 0..<5 { _ = try await deleteCost(members: 10_000) }
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "convergence" {
    // Only the convergence row, repeated: for profiling.
    for _ in 0..<20 { _ = try await convergenceCost(joins: 1_000) }
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "pg" {
    // Only pg2 and pg side by side (PGBenchmarks.swift).
    print("pg2 and pg side by side (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
    print(String(repeating: "-", count: 72))
    try await pgRows()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "explore" {
    // Only the explorer's A4 space (ExplorerBenchmarks.swift).
    let bounds = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    try await explorerRows(bounds: bounds.isEmpty ? [1, 2, 3] : bounds)
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "echo" {
    // Only echo calls between two real nodes in this process: for a profiler.
    try await echoRows(calls: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 20_000)
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "real" {
    // `pg2-bench real`: pg2 on real nodes beside OTP's pg on erl nodes (RealNodeBenchmarks.swift).
    try await realRows()
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "scale" {
    let sizes = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    try await scaleRows(sizes: sizes.isEmpty ? [10, 1_000, 10_000, 100_000] : sizes)
    exit(0)
}

print("PG2 Workbook benchmarks (\(ProcessInfo.processInfo.activeProcessorCount) cores)")
print(String(repeating: "-", count: 72))
_ = try await simulatedMessageCost(calls: 2_000, tracing: false)  // warm up
for tracing in [false, true] {
    let cost = try await simulatedMessageCost(calls: 50_000, tracing: tracing)
    row(
        "simulated message, trace \(tracing ? "on " : "off")",
        String(format: "%6.2f µs/message  %9.0f messages/s", cost.perMessage, cost.perSecond))
}
let tourSeconds = try await measure {
    for seed in UInt64(1)...200 { _ = try await SubstrateTour.run(in: Simulation(seed: seed)) }
}
row("substrate tour (3 nodes, faults), 200 seeds", String(format: "%6.1f ms per seed", tourSeconds / 200 * 1e3))

// Reads: `members(of:)` on a table of one group with 10 and with 1000 members. Each read is a
// lock, a dictionary lookup and a retain of the prebuilt list. (Erlang's pg2 on this machine
// class: 341 k reads/s at 10 members, 5.6 k at 1000, since it matches and expands on every read.)
for size in [10, 1_000] {
    let table = GroupTable(localNode: "a")
    table.assureGroup("g")
    for serial in 1...size { table.joinGroup("g", Pid(node: serial % 2 == 0 ? "a" : "b", serial: UInt64(serial))) }
    let reads = 10_000_000
    var checksum = 0
    let seconds = try await measure {
        for _ in 0..<reads { checksum &+= try table.members(of: "g").count }
    }
    precondition(checksum == reads &* size)
    row(
        "GroupTable.members(of:), \(size) members (table)",
        String(format: "%6.1f M reads/s  (%5.1f ns/read)", Double(reads) / seconds / 1e6, seconds / Double(reads) * 1e9)
    )
}

// pg2 writes on 1, 2, 3 and 5 simulated nodes: the virtual latency of one join (message delays
// of 100…1000 µs, so three rounds cost a few milliseconds) and the real time it takes to simulate.
for size in [1, 2, 3, 5] {
    let sim = Simulation(seed: 7, tracing: false)
    let nodes = (0..<size).map { sim.addNode(NodeName(String(UnicodeScalar(UInt8(97 + $0))))) }
    for node in nodes { try ProcessGroups.start(on: node) }
    let worker = nodes[0].spawnProcess()
    try await sim.run { try await ProcessGroups(node: nodes[0]).create("g") }
    let joins = 500
    let start = sim.now
    let seconds = try await measure {
        try await sim.run {
            for _ in 0..<joins { try await ProcessGroups(node: nodes[0]).join("g", worker.id) }
        }
    }
    let virtual = Double(NodeClock.Instant(offset: (sim.now - start) / joins).microseconds) / 1000
    row(
        "join on \(size) node\(size == 1 ? "" : "s") (simulated)",
        String(format: "%6.2f ms virtual  %7.1f µs real per join", virtual, seconds / Double(joins) * 1e6))
}

// Convergence after reconnect: {a, b} | {c, d}, each node joins its own process twice, heal; the
// virtual time from the heal until every node lists the same 8 members (the exchange's casts).
do {
    let sim = Simulation(seed: 11, tracing: false)
    let nodes = ["a", "b", "c", "d"].map { sim.addNode(NodeName($0)) }
    for node in nodes { try ProcessGroups.start(on: node) }
    let workers = nodes.map { $0.spawnProcess() }
    try await sim.run { try await ProcessGroups(node: nodes[0]).create("g") }
    sim.partition(["a", "b"], ["c", "d"])
    try await sim.run {
        for (node, worker) in zip(nodes, workers) {
            for _ in 0..<2 { try await ProcessGroups(node: node).join("g", worker.id) }
        }
    }
    sim.heal()
    let healed = sim.now
    var converged = healed
    while true {
        let lists = nodes.map { (try? ProcessGroups(node: $0).members(of: "g")) ?? [] }
        if lists.allSatisfy({ $0.count == 8 && $0 == lists[0] }) { break }
        try await sim.run(for: .microseconds(10))
        converged = sim.now
    }
    let micros = NodeClock.Instant(offset: converged - healed).microseconds
    row("convergence after a 2+2 heal (simulated)", "\(micros) µs virtual")
    withExtendedLifetime(workers) {}
}

// Memory: a table holding one group of 100 000 distinct members, per member (glibc's heap count).
do {
    let before = cclusterHeapInUse()
    let table = GroupTable(localNode: "a")
    table.assureGroup("big")
    table.write { rows, touch in
        touch("big")
        for serial in 1...100_000 { rows.joinGroup("big", Pid(node: "b", serial: UInt64(serial))) }
    }
    let listed = try table.members(of: "big").count  // builds the view: counted below
    let after = cclusterHeapInUse()
    precondition(listed == 100_000)
    row("table memory at 100k members", "\((after - before) / 100_000) bytes per member (rows + published view)")
}

// Scale: the public API as a group grows (ScaleBenchmarks.swift).
print(String(repeating: "-", count: 72))
try await scaleRows(sizes: [10, 1_000, 10_000, 100_000])

// pg2 and pg side by side (PGBenchmarks.swift).
print(String(repeating: "-", count: 72))
try await pgRows()
