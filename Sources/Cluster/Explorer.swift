/// The interleaving explorer: is there *any* order of delivering the messages in flight (and of
/// striking the offered faults) that breaks a scenario's invariant — and what is the shortest one?
///
/// ```swift
/// let report = try await Explorer.search(race, maxDeviations: 2)   // race: an ExplorerScenario
/// if let found = report.violation { print(found.choices, found.message) }   // 12:1  a lists p, b and c do not
/// ```
///
/// **How.** The simulator runs in explorer mode (``ExplorerLanes``): no delays, per-link FIFO
/// lanes, and a choice at every point where nothing is ready. A run is the vector of choices made
/// (``ChoiceVector``). The search is depth-first over those vectors, by re-execution: each run
/// replays a prefix of the previous one, changes its last choice, and goes on oldest-first. The
/// number of *deviations* from oldest-first is bounded, and the bound is deepened from 0 upward,
/// so the first violation found deviates as little as any can: a shortest one. A run that reaches
/// a state already explored with as many deviations left stops there; a state is recognised by
/// the hash of every node's ordered inputs, of the messages in flight and of the faults offered.
///
/// **What it does not cover.** Timers fire only when nothing is in flight (unless the scenario
/// sets ``ExplorerScenario/timersRace``); no message is lost on a live link; the order of the jobs
/// inside one node is not explored (they run as they are queued); and the invariant is checked on
/// the final state, so it finds safety violations, not liveness ones (a run that never ends is a
/// stall, reported as an error).
public enum Explorer {
    /// Searches `scenario` with at most `maxDeviations` deviations, deepening from 0 (or only at
    /// `maxDeviations` if `deepening` is false). Stops at the first violation unless
    /// `stopAtFirst` is false, in which case it counts them all and reports the first found.
    /// Cost: one run of the scenario per execution; executions grow roughly as
    /// (choice points × options)^deviations, cut down by the deduplication of states.
    public static func search(
        _ scenario: ExplorerScenario, maxDeviations: Int, deepening: Bool = true, stopAtFirst: Bool = true
    ) async throws -> ExplorerReport {
        let start = ContinuousClock.now  // for the report only: nothing in a run reads it
        let visited = VisitedStates()
        var report = ExplorerReport(scenario: scenario, bound: maxDeviations)
        for bound in deepening ? Array(0...max(maxDeviations, 0)) : [maxDeviations] {
            var plan = ExplorerExecution.Plan(bound: bound)
            while true {
                let execution = try await ExplorerExecution.run(scenario, plan, visited: visited, keep: false)
                report.executions += 1
                if execution.pruned { report.pruned += 1 }
                if let message = execution.violation {
                    report.violations += 1
                    if report.violation == nil {
                        report.violation = .init(
                            choices: ChoiceVector(execution.choices), message: message,
                            check: ExplorerReplay.check(of: execution.signatures))
                    }
                    if stopAtFirst { return report.finished(bound: bound, states: visited.count, since: start) }
                }
                guard let next = nextPrefix(after: execution, bound: bound) else { break }
                plan.prefix = next
                plan.expected = Array(execution.signatures.prefix(next.count))
            }
        }
        return report.finished(bound: maxDeviations, states: visited.count, since: start)
    }

    /// The next run to try, depth-first: the deepest choice point that still has an untried option
    /// within the bound, that option taken, and everything before it as it was. O(choice points).
    static func nextPrefix(after execution: ExplorerExecution, bound: Int) -> [Int]? {
        var before = execution.choices.count { $0 != 0 }
        for step in execution.choices.indices.reversed() {
            let taken = execution.choices[step]
            if taken != 0 { before -= 1 }
            if taken + 1 < execution.counts[step], before + 1 <= bound {
                return Array(execution.choices[..<step]) + [taken + 1]
            }
        }
        return nil
    }

    /// Runs `scenario` along `choices` (option 0 past its end), with its trace, each deviation
    /// marked in it. If `check` is given — the ``ExplorerReport/Violation/check`` printed with the
    /// replay command — the run must have been offered the same options at every choice point, or
    /// this throws ``ExplorerError/nondeterminism(scenario:step:expected:offered:)``. Cost: one run.
    public static func replay(
        _ scenario: ExplorerScenario, _ choices: ChoiceVector, check: UInt64? = nil
    ) async throws -> ExplorerReplay {
        let plan = ExplorerExecution.Plan(prefix: choices.choices, remarks: true)
        let execution = try await ExplorerExecution.run(scenario, plan, visited: nil, keep: true)
        let offered = ExplorerReplay.check(of: execution.signatures)
        if let check, check != offered {
            throw ExplorerError.nondeterminism(
                scenario: scenario.name, step: execution.signatures.count,
                expected: "options whose digest is \(check)", offered: "options whose digest is \(offered)")
        }
        return ExplorerReplay(
            scenario: scenario, choices: ChoiceVector(execution.choices), violation: execution.violation,
            check: offered, sim: execution.sim!)
    }
}
