import Cluster
import Demos
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
