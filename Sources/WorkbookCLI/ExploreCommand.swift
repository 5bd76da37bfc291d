import Cluster
import Demos
import Foundation

/// `workbook explore [name] [--bound N] [--replay V --check C] [--trace-dir DIR] [--exhaustive]`: searches a
/// scenario's delivery orders for one that breaks its invariant (``Cluster/Explorer``), prints
/// the shortest such run step by step with its deviations marked, writes its trace as the demos
/// do (`traces/explore-<name>/`), and prints the one-line command that replays it.
enum ExploreCommand {
    static func run(_ arguments: Arguments) async throws -> Int32 {
        guard let name = arguments.firstOperand else {
            print("Scenarios (swift run workbook explore <name> [--bound N] [--replay V --check C]):")
            let width = Explorations.all.map(\.name.count).max() ?? 0
            for scenario in Explorations.all {
                let name = scenario.name + String(repeating: " ", count: width - scenario.name.count)
                print("  \(name) \(scenario.summary)")
            }
            return 0
        }
        guard let scenario = Explorations.named(name) else {
            throw WorkbookError.usage(
                "there is no scenario '\(name)'; try: \(Explorations.all.map(\.name).joined(separator: ", "))")
        }
        let directory = arguments.value(after: "--trace-dir") ?? "traces/explore-\(scenario.name)"
        if let text = arguments.value(after: "--replay") {
            guard let choices = ChoiceVector(text) else {
                throw WorkbookError.usage(
                    "--replay takes deviations as step:option pairs, e.g. --replay 12:1,15:2 (or - for none)")
            }
            let check = arguments.value(after: "--check").flatMap(UInt64.init)
            let replay = try await Explorer.replay(scenario, choices, check: check)
            print(
                "Replaying \(scenario.name) — \(scenario.summary)\nchoices \(choices) "
                    + "(\(choices.deviations) deviation\(choices.deviations == 1 ? "" : "s"))\n"
            )
            try show(replay, to: directory)
            return replay.violation == nil ? 0 : 1
        }
        guard let bound = Int(arguments.value(after: "--bound") ?? "\(Explorations.defaultBound)"), bound >= 0 else {
            throw WorkbookError.usage("--bound takes a whole number of deviations, e.g. --bound 2")
        }
        if arguments.has("--exhaustive") {
            return try await exhaust(scenario, bound: arguments.value(after: "--bound").flatMap(Int.init))
        }
        print(
            "Exploring \(scenario.name) — \(scenario.summary)\nevery delivery order with at most \(bound) "
                + "deviation\(bound == 1 ? "" : "s") from oldest-first…"
        )
        let report = try await Explorer.search(scenario, maxDeviations: bound)
        guard let violation = report.violation else {
            print("No violation within \(bound) deviation\(bound == 1 ? "" : "s"): \(report.statistics).")
            return 0
        }
        print(
            "Violation with \(violation.choices.deviations) deviation\(violation.choices.deviations == 1 ? "" : "s") "
                + "(the fewest possible): \(report.statistics).\n"
        )
        try show(try await Explorer.replay(scenario, violation.choices, check: violation.check), to: directory)
        print("Replay: \(report.replayCommand!)")
        return 1
    }

    /// `--exhaustive`: the whole space (or every run within `bound`), without deepening, counting
    /// every violating run — the benchmark's figure of a scenario's size.
    static func exhaust(_ scenario: ExplorerScenario, bound: Int?) async throws -> Int32 {
        print("Exploring all of \(scenario.name)" + (bound.map { " within \($0) deviations" } ?? "") + "…")
        let report = try await Explorer.search(
            scenario, maxDeviations: bound ?? .max, deepening: false, stopAtFirst: false)
        print("\(report.violations) violating run\(report.violations == 1 ? "" : "s"); \(report.statistics).")
        return 0
    }

    /// Prints the explored part of the run and what broke, and writes its trace files.
    static func show(_ replay: ExplorerReplay, to directory: String) throws {
        for line in replay.steps { print("  \(line)") }
        print("\n" + (replay.violation.map { "Broken: \($0)" } ?? "The invariant holds at the end of this run."))
        let command =
            "swift run workbook explore \(replay.scenario.name) --replay \(replay.choices) --check \(replay.check)"
        try TraceFiles.write(
            replay.sim.trace,
            title: "explore \(replay.scenario.name), choices \(replay.choices): \(replay.scenario.summary)",
            narrative: "A run found by the interleaving explorer: in explorer mode messages take no delay and wait in "
                + "per-link FIFO lanes, and at every point where nothing was ready the explorer chose what happened "
                + "next. "
                + "Every choice was the oldest message in flight except the ones marked as deviations. "
                + (replay.violation.map { "At the end: \($0). " } ?? "") + "(Replay this run: \(command))",
            to: directory)
        print("Wrote \(directory)/trace.txt, trace.mmd and trace.html.")
    }
}
