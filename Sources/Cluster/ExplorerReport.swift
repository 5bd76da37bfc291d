/// What a search found: how much it explored, and the shortest violation, if any.
public struct ExplorerReport: Sendable {
    /// A run that breaks the invariant.
    public struct Violation: Sendable {
        /// The run, as deviations from oldest-first.
        public let choices: ChoiceVector
        /// What the invariant (or a throwing operation) said.
        public let message: String
        /// A digest of every choice point's options in this run: a replay given it checks that it
        /// was offered the same.
        public let check: UInt64
    }

    public let scenario: ExplorerScenario
    /// The largest number of deviations explored (where the search stopped, if it found one).
    public internal(set) var bound: Int
    /// Runs of the scenario, pruned ones included.
    public internal(set) var executions = 0
    /// Runs stopped early at a state already explored (counted in ``executions``).
    public internal(set) var pruned = 0
    /// Distinct cluster states met at choice points (by fingerprint).
    public internal(set) var states = 0
    /// Runs that broke the invariant (1 at most when the search stops at the first).
    public internal(set) var violations = 0
    /// The first violation found: with deepening, a shortest one.
    public internal(set) var violation: Violation?
    /// Wall-clock time of the whole search (reported, never used by a run).
    public internal(set) var elapsed: Duration = .zero

    init(scenario: ExplorerScenario, bound: Int) {
        self.scenario = scenario
        self.bound = bound
    }

    func finished(bound: Int, states: Int, since start: ContinuousClock.Instant) -> ExplorerReport {
        var report = self
        report.bound = bound
        report.states = states
        report.elapsed = ContinuousClock.now - start
        return report
    }

    /// `412 executions, 230 distinct states, 0.84 s (2.0 ms per execution)`. O(1).
    public var statistics: String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perRun = executions == 0 ? 0 : seconds * 1000 / Double(executions)
        return "\(executions) execution\(executions == 1 ? "" : "s"), \(states) distinct states, "
            + "\(String(format: "%.2f", seconds)) s (\(String(format: "%.2f", perRun)) ms per execution)"
    }

    /// The replay command for the violation: `swift run workbook explore a4 --replay 12:1 --check 123`.
    /// O(choices).
    public var replayCommand: String? {
        violation.map { "swift run workbook explore \(scenario.name) --replay \($0.choices) --check \($0.check)" }
    }
}

/// One run replayed with its trace: what the reader reads, step by step.
public struct ExplorerReplay: Sendable {
    public let scenario: ExplorerScenario
    /// The choices the run took (the vector asked for, with trailing defaults dropped).
    public let choices: ChoiceVector
    /// What broke, if anything.
    public let violation: String?
    /// The digest of the options offered at every choice point (see ``ExplorerReport/Violation/check``).
    public let check: UInt64
    /// The simulation, with its trace: the set-up phase, then the explored one, each deviation a remark.
    public let sim: Simulation

    /// The digest of a run's option signatures. O(choice points).
    static func check(of signatures: [UInt64]) -> UInt64 { stableHash(signatures.map { String($0) }) }

    /// The explored part of the run, one line per event: `t=… c -> a call …`, and before each
    /// deviation a `★ deviation …` line. O(events).
    public var steps: [String] {
        let (events, marks) = sim.trace.snapshot
        let start = marks.last { if case .phase("explore", _) = $0.kind { true } else { false } }?.position ?? 0
        var lines: [String] = []
        var remarks = marks.filter { $0.kind == .remark && $0.position >= start }[...]
        for index in start...events.count {
            while let mark = remarks.first, mark.position == index {
                lines.append("★ " + mark.text)
                remarks = remarks.dropFirst()
            }
            if index < events.count { lines.append(events[index].line) }
        }
        return lines
    }
}
