import Cluster
import Synchronization

/// A named scenario in the deterministic simulator, told step by step.
///
/// `swift run workbook demo <name>` runs one, prints its narration and writes its trace. The
/// narration says what happens in pg2's terms; the trace shows every message it took, cut into
/// the phases the demo marks (set-up, its steps, teardown), with the demo's remarks where they
/// were true and a story at the top that says what to look for.
public struct Demo: Sendable {
    /// The name on the command line, e.g. `partition-heal`.
    public let name: String
    /// One line: what the demo shows.
    public let summary: String
    let body: @Sendable (DemoContext) async throws -> Void

    init(_ name: String, _ summary: String, _ body: @escaping @Sendable (DemoContext) async throws -> Void) {
        self.name = name
        self.summary = summary
        self.body = body
    }

    /// Runs the demo on a fresh simulation seeded with `seed`.
    ///
    /// Cost: one run of the scenario and its teardown, every message and timer in virtual time (a
    /// lock's backoff costs no real time): the catalog's demos record 26 to 203 trace events with
    /// seed 42, and a whole `workbook demo` command (debug build, trace files written) takes 37 to
    /// 72 ms of real time.
    public func run(seed: UInt64) async throws -> DemoRun {
        let context = DemoContext(sim: Simulation(seed: seed))
        try await body(context)
        try await context.finish()
        return DemoRun(
            demo: self, seed: seed, narration: context.lines, story: context.story(), sim: context.sim)
    }
}

/// The outcome of a demo: its narration, its story and the simulation (with its trace).
public struct DemoRun: Sendable {
    public let demo: Demo
    public let seed: UInt64
    /// The steps, in plain words, each stamped with its virtual time.
    public let narration: [String]
    /// One paragraph for a learner about to read the trace: what the scenario does and what to
    /// look for, with the names and counts of this run.
    public let story: String
    public let sim: Simulation
    public var trace: Trace { sim.trace }
}

/// What a demo's body works with: the simulation, a way to mark its phases and to narrate, the
/// processes it keeps alive until the end, and the story it tells.
final class DemoContext: Sendable {
    let sim: Simulation
    private let log = Mailbox<String>()
    private let kept = Mutex<[ProcessActor]>([])
    private let told = Mutex<[String]>([])

    init(sim: Simulation) { self.sim = sim }

    private var stamp: String { "t=\(NodeClock.Instant(offset: sim.now).microseconds) µs" }

    /// Begins a phase: marked in the trace and, unless it is folded scaffolding, narrated.
    func phase(_ title: String, _ about: String, folded: Bool = false) {
        sim.beginPhase(title, about: about, folded: folded)
        if !folded { log.send("\(stamp)  ── \(title): \(about)") }
    }

    /// Adds a line to the narration, stamped with the virtual time, and the same words to the
    /// trace as a remark.
    func say(_ line: String) {
        sim.remark(line)
        log.send("\(stamp)  \(line)")
    }

    /// Adds a line to the narration only (the tour puts its own remarks in the trace).
    func narrate(_ line: String) { log.send("\(stamp)  \(line)") }

    /// Spawns a process on `node` that lives until the demo's teardown.
    func spawn(on node: Node) -> ProcessActor {
        let process = node.spawnProcess()
        kept.withLock { $0.append(process) }
        return process
    }

    /// Adds sentences to the story told above the trace.
    func tell(_ sentences: String) { told.withLock { $0.append(sentences) } }

    /// Ends the scenario: lets what is in flight arrive, then — in a folded teardown phase — lets
    /// go of the demo's processes, so they exit and every monitor on them fires.
    func finish() async throws {
        try await sim.quiescence()
        var processes = kept.withLock { kept in
            defer { kept = [] }; return kept
        }
        let live = processes.count { $0.actorSystem.isAlive($0.id) }
        if live > 0 {
            sim.beginPhase(
                "teardown",
                about: "The scenario is over. The demo lets its \(live == 1 ? "process" : "\(live) processes") "
                    + "go: each exits normally, and every monitor on it fires — a DOWN note where the watcher is "
                    + "on the process's own node, a DOWN message to a watcher on any other.",
                folded: true)
        }
        processes.removeAll()  // the last references: each process's deinit ends it
        try await sim.quiescence()
    }

    var lines: [String] { log.drain() }

    /// What the body told, and which phases the page folds and how long they are.
    func story() -> String {
        var sentences = told.withLock { $0 }
        let folded = Self.phaseSizes(of: sim.trace).filter { $0.folded && $0.events > 0 }
        if !folded.isEmpty {
            let parts = folded.map { "the \($0.title) (\($0.events) event\($0.events == 1 ? "" : "s"))" }
            sentences.append(
                (parts.dropLast().joined(separator: ", ") + (parts.count > 1 ? " and " : "") + parts.last!)
                    .capitalizedFirst + (parts.count == 1 ? " is" : " are") + " folded: scaffolding, not the scenario.")
        }
        return sentences.joined(separator: " ")
    }

    /// Every phase of `trace` with the number of events in it.
    static func phaseSizes(of trace: Trace) -> [(title: String, folded: Bool, events: Int)] {
        let count = trace.events.count
        let phases = trace.marks.compactMap { mark -> (String, Bool, Int)? in
            guard case .phase(let title, let folded) = mark.kind else { return nil }
            return (title, folded, mark.position)
        }
        return phases.enumerated().map { index, phase in
            let end = index + 1 < phases.count ? phases[index + 1].2 : count
            return (phase.0, phase.1, end - phase.2)
        }
    }

    /// How many events of `trace` since the latest phase called `title` began satisfy `match`.
    func count(since title: String, where match: (TraceEvent) -> Bool) -> Int {
        let start = sim.trace.marks.last { if case .phase(title, _) = $0.kind { true } else { false } }?.position ?? 0
        return sim.trace.events.dropFirst(start).filter(match).count
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// Every demo, in the order the CLI lists them.
public enum DemoCatalog {
    public static let all: [Demo] = [
        tour, join, memberDies, lockContention, partitionHeal, anomalyA1, anomalyA2, anomalyA3,
        pgA1, pgA2, pgA3, pgHeal,
    ]

    /// The demo called `name`, if any. O(d) for the d demos of `all`: a name compared with each.
    public static func named(_ name: String) -> Demo? { all.first { $0.name == name } }

    static let tour = Demo(
        "tour", "the substrate: concurrent calls, a partition, a kill, a heal, a crash, a restart"
    ) { context in
        let outcome = try await SubstrateTour.run(in: context.sim)
        for step in outcome.steps { context.narrate(step) }
        context.tell(SubstrateTour.story(of: context.sim.trace))
    }
}
