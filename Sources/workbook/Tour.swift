import Cluster
import Demos
import Foundation

/// `workbook tour [--seed N] [--trace-only] [--trace-dir DIR]`: the substrate tour — three nodes,
/// concurrent calls, a partition, a kill, a heal, a crash and a restart — with what node a saw and
/// the full message trace. `--trace-only` prints the trace alone (CI compares two runs of it).
enum Tour {
    static func run(_ arguments: Arguments) async throws -> Int32 {
        guard let seed = UInt64(arguments.value(after: "--seed") ?? "42") else {
            print("workbook: --seed takes a whole number, e.g. --seed 7")
            return 2
        }
        let sim = Simulation(seed: seed)
        let outcome = try await SubstrateTour.run(in: sim)
        let quiet = arguments.has("--trace-only")
        if !quiet {
            print("The substrate tour, seed \(seed): what node a saw")
            for step in outcome.steps { print("  - \(step)") }
            print("\nThe trace (virtual µs, sender -> receiver):")
        }
        print(sim.trace.text, terminator: "")
        if let directory = arguments.value(after: "--trace-dir") {
            try TraceFiles.write(sim.trace, title: "Substrate tour, seed \(seed)", to: directory)
            if !quiet { print("\nWrote trace.txt, trace.mmd and trace.html to \(directory)") }
        }
        return 0
    }
}

/// Writes a trace as `trace.txt`, `trace.mmd` (Mermaid) and `trace.html` into a folder.
enum TraceFiles {
    static func write(_ trace: Trace, title: String, to directory: String) throws {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let files = [
            ("trace.txt", trace.text), ("trace.mmd", trace.mermaid(title: title)),
            ("trace.html", trace.html(title: title)),
        ]
        for (name, text) in files {
            try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}
