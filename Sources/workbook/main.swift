import Cluster
import Demos

// The learner's CLI arrives with its own issue; until then `swift run workbook` runs the
// substrate tour and prints what node a saw and the full message trace.
let arguments = CommandLine.arguments.dropFirst()
var seed: UInt64 = 42
if let index = arguments.firstIndex(of: "--seed"), arguments.index(after: index) < arguments.endIndex,
    let value = UInt64(arguments[arguments.index(after: index)])
{
    seed = value
}
let sim = Simulation(seed: seed)
let outcome = try await SubstrateTour.run(in: sim)
if !arguments.contains("--trace-only") {
    print("The substrate tour, seed \(seed): what node a saw")
    for step in outcome.steps { print("  - \(step)") }
    print("\nThe trace (virtual µs, sender -> receiver):")
}
print(sim.trace.text, terminator: "")
