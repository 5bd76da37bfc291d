import Synchronization

/// One execution of a scenario in explorer mode: follow a prefix of choices, then oldest-first,
/// and record what was offered and taken at every choice point.
///
/// Suspended Swift tasks cannot be copied, so the explorer never resumes a run from the middle: it
/// runs the scenario again from the start and replays the prefix. Each replayed point must offer
/// the same options as the run it came from (their signatures are compared), so hidden
/// nondeterminism is an error rather than a silently different tree.
struct ExplorerExecution {
    /// The choices taken, the number of options and their signature, per choice point reached.
    var choices: [Int] = []
    var counts: [Int] = []
    var signatures: [UInt64] = []
    /// Stopped at a state already explored with at least as many deviations left.
    var pruned = false
    /// What went wrong at the end (an operation threw, or the invariant failed).
    var violation: String?
    /// The simulation, kept only when asked (to render its trace).
    var sim: Simulation?

    /// What the search hands one execution.
    struct Plan {
        var prefix: [Int] = []
        /// The signatures the prefix's points offered before (may be shorter than the prefix).
        var expected: [UInt64] = []
        /// Deviations allowed in all; states are deduplicated only past the prefix.
        var bound = Int.max
        /// Mark each deviation in the trace.
        var remarks = false
    }

    /// Runs `scenario` once under `plan`, deduplicating states past the prefix against `visited`
    /// (nil: none). Cost: one whole run of the scenario.
    static func run(
        _ scenario: ExplorerScenario, _ plan: Plan, visited: VisitedStates?, keep: Bool
    ) async throws -> ExplorerExecution {
        let chooser = Chooser(scenario: scenario.name, plan: plan, visited: visited)
        let sim = Simulation(exploring: scenario.seed, tracing: keep)
        let lanes = sim.network.lanes!
        let nodes = scenario.nodes.map { sim.addNode($0) }
        if keep {
            sim.beginPhase("setup", about: "The scenario's set-up, run oldest-first: not explored.", folded: true)
        }
        let setUp = try await scenario.setUp(sim, nodes)
        try await sim.quiescence()
        if keep {
            sim.beginPhase(
                "explore",
                about: "The operations start together"
                    + (setUp.faults.isEmpty ? "" : " and the offered faults may strike")
                    + "; at every point where nothing is ready the explorer chose what happens next.")
        }
        let faults = setUp.faults.map { fault in
            (fault.label, { @Sendable [weak sim] in if let sim { fault.apply(sim) } })
        }
        lanes.explore(with: { chooser.choose($0) }, faults: faults, timersRace: scenario.timersRace)
        let failures = Failures()
        let operations = setUp.operations
        do {
            try await sim.run {
                await withTaskGroup(of: Void.self) { group in
                    for operation in operations {
                        group.addTask {
                            do { try await operation.body() } catch {
                                failures.add("\(operation.label) threw \(error)")
                            }
                        }
                    }
                }
            }
            try await sim.quiescence()
        } catch  where lanes.isHalted {}
        let record = chooser.record
        if let mismatch = record.mismatch { throw mismatch }
        var execution = record.result
        execution.pruned = lanes.isHalted
        if !execution.pruned { execution.violation = failures.first ?? setUp.invariant() }
        if keep { execution.sim = sim }
        return execution
    }

    /// The chooser of one execution: the prefix first, then oldest-first, deduplicating on the way.
    final class Chooser: Sendable {
        struct Record {
            var result = ExplorerExecution()
            var deviations = 0
            var mismatch: ExplorerError?
        }

        let scenario: String
        let plan: Plan
        let visited: VisitedStates?
        let state = Mutex(Record())

        init(scenario: String, plan: Plan, visited: VisitedStates?) {
            self.scenario = scenario
            self.plan = plan
            self.visited = visited
        }

        var record: Record { state.withLock { $0 } }

        func choose(_ point: ChoicePoint) -> (index: Int, remark: String?)? {
            state.withLock { r in
                let step = point.step
                var index = 0
                if step < plan.prefix.count {
                    if step < plan.expected.count, plan.expected[step] != point.signature {
                        r.mismatch = .nondeterminism(
                            scenario: scenario, step: step, expected: "options with signature \(plan.expected[step])",
                            offered: point.options.map(\.description).joined(separator: " | "))
                        return nil
                    }
                    index = plan.prefix[step]
                    guard index < point.options.count else {
                        r.mismatch = .noSuchOption(
                            scenario: scenario, step: step, option: index, offered: point.options.count)
                        return nil
                    }
                } else if let visited {
                    // Unbounded: any state met again is done, however many deviations led to it.
                    let left = plan.bound == .max ? .max : plan.bound - r.deviations
                    if !visited.claim(point.fingerprint, left: left) { return nil }
                }
                r.result.choices.append(index)
                r.result.counts.append(point.options.count)
                r.result.signatures.append(point.signature)
                guard index != 0 else { return (0, nil) }
                r.deviations += 1
                let remark =
                    plan.remarks
                    ? "deviation \(r.deviations) (choice point \(step), option \(index) of \(point.options.count)): "
                        + "\(point.options[index]) — instead of the oldest: \(point.options[0])"
                    : nil
                return (index, remark)
            }
        }
    }
}

/// The states a search has explored: each fingerprint with the most deviations that were still
/// allowed when it was explored from. A state met again with no more allowance can only lead where
/// the first visit already went.
final class VisitedStates: Sendable {
    private let seen = Mutex<[Int: Int]>([:])

    /// Whether to explore from `fingerprint` with `left` deviations allowed (and records it). O(1).
    func claim(_ fingerprint: Int, left: Int) -> Bool {
        seen.withLock { seen in
            if let explored = seen[fingerprint], explored >= left { return false }
            seen[fingerprint] = left
            return true
        }
    }

    /// How many distinct states were met.
    var count: Int { seen.withLock { $0.count } }
}

/// What the operations of one execution threw, in the order they threw it.
private final class Failures: Sendable {
    private let list = Mutex<[String]>([])
    func add(_ failure: String) { list.withLock { $0.append(failure) } }
    var first: String? { list.withLock { $0.first } }
}
