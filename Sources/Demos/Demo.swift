import Cluster

/// A named scenario in the deterministic simulator, told step by step.
///
/// `swift run workbook demo <name>` runs one, prints its narration and writes its trace. The
/// narration says what happens in pg2's terms; the trace shows every message it took.
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
    public func run(seed: UInt64) async throws -> DemoRun {
        let context = DemoContext(sim: Simulation(seed: seed))
        try await body(context)
        try await context.sim.quiescence()
        return DemoRun(demo: self, seed: seed, narration: context.lines, sim: context.sim)
    }
}

/// The outcome of a demo: its narration and the simulation (with its trace).
public struct DemoRun: Sendable {
    public let demo: Demo
    public let seed: UInt64
    /// The steps, in plain words, each stamped with its virtual time.
    public let narration: [String]
    public let sim: Simulation
    public var trace: Trace { sim.trace }
}

/// What a demo's body works with: the simulation, and a way to narrate.
final class DemoContext: Sendable {
    let sim: Simulation
    private let log = Mailbox<String>()

    init(sim: Simulation) { self.sim = sim }

    /// Adds a line to the narration, stamped with the virtual time.
    func say(_ line: String) {
        let time = NodeClock.Instant(offset: sim.now).microseconds
        log.send("t=\(time) µs  \(line)")
    }

    var lines: [String] { log.drain() }
}

/// Every demo, in the order the CLI lists them.
public enum DemoCatalog {
    public static let all: [Demo] = [
        tour, join, memberDies, lockContention, partitionHeal, anomalyA1, anomalyA2, anomalyA3,
    ]

    /// The demo called `name`, if any.
    public static func named(_ name: String) -> Demo? { all.first { $0.name == name } }

    static let tour = Demo(
        "tour", "the substrate: concurrent calls, a partition, a kill, a heal, a crash, a restart"
    ) { context in
        let outcome = try await SubstrateTour.run(in: context.sim)
        for step in outcome.steps { context.say(step) }
    }
}
