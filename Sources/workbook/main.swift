import Cluster
import Demos
import Foundation

// The learner's CLI arrives with its own issue; until then `swift run workbook` runs the
// substrate tour: what node a saw, then the full message trace.
//   --seed N           replay another seed (default 42)
//   --trace-only       print the trace alone (CI compares two runs of it)
//   --trace-dir DIR    also write DIR/trace.txt, DIR/trace.mmd and DIR/trace.html
let arguments = Array(CommandLine.arguments.dropFirst())

func value(after flag: String) -> String? {
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

guard let seed = UInt64(value(after: "--seed") ?? "42") else {
    print("workbook: --seed takes a whole number, e.g. --seed 7")
    exit(2)
}
let sim = Simulation(seed: seed)
let outcome = try await SubstrateTour.run(in: sim)
if !arguments.contains("--trace-only") {
    print("The substrate tour, seed \(seed): what node a saw")
    for step in outcome.steps { print("  - \(step)") }
    print("\nThe trace (virtual µs, sender -> receiver):")
}
print(sim.trace.text, terminator: "")
if let directory = value(after: "--trace-dir") {
    let url = URL(fileURLWithPath: directory, isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    let title = "Substrate tour, seed \(seed)"
    try sim.trace.text.write(to: url.appendingPathComponent("trace.txt"), atomically: true, encoding: .utf8)
    try sim.trace.mermaid(title: title).write(
        to: url.appendingPathComponent("trace.mmd"), atomically: true, encoding: .utf8)
    try sim.trace.html(title: title).write(
        to: url.appendingPathComponent("trace.html"), atomically: true, encoding: .utf8)
    if !arguments.contains("--trace-only") { print("\nWrote trace.txt, trace.mmd and trace.html to \(directory)") }
}
