import Anomalies
import Cluster
import ProcessGroups
import Synchronization

/// pg2 and pg side by side: chapter 6's anomaly scenarios A1–A4 and OTP's otp_8653 (a 2+2
/// partition whose heal must give every node all eight entries), run against both modules, and
/// whether each module ends *consistent* — every node lists exactly the entries the writes left.
///
/// The anomalies are their one scripts (``Anomalies/PG2Anomaly/script(_:)``, in the side-by-side
/// cast), and a ``Module`` says how it plays them: pg2 writes from whichever node the anomaly
/// needs (it allows that); pg only from the member's own node (it allows nothing else), so its
/// script is ``Anomalies/AnomalyScript/madeOnTheMembersNode``. The runs feed the table in chapter 7's prose and the README
/// (`Tests/ProcessGroupsTests/PGSideBySideTests.swift` checks both), and the pg versions are the
/// `pg-a1` … `pg-heal` demos.
public enum SideBySide {
    /// The two modules compared.
    public enum Module: String, Sendable, CaseIterable {
        /// Chapter 6's pg2, the final module's ``ProcessGroups/ProcessGroups``.
        case pg2
        /// Chapter 7's pg, ``ProcessGroups/ProcessGroups/Scope``, scope `pg`.
        case pg
    }

    /// The scenarios compared.
    public enum Scenario: String, Sendable, CaseIterable {
        case a1, a2, a3, a4, otp8653

        /// The row's first cell.
        public var title: String {
            switch self {
            case .a1: "A1: g emptied on one side of a partition (pg2: deleted), then the heal"
            case .a2: "A2: p leaves g while only the a–b link is cut, then the mend"
            case .a3: "A3: p joins g twice while only the a–b link is cut, then the mend"
            case .a4: "A4: p leaves g while the a–b link is being mended (\(SideBySide.a4Offsets.count) timings)"
            case .otp8653: "otp_8653: 2+2 partition, each node joins its own process twice, heal"
            }
        }

        /// The anomaly the row plays (``Anomalies/PG2Anomaly``, in its side-by-side cast); nil for
        /// otp_8653, which is no anomaly of pg2's.
        public var anomaly: PG2Anomaly? { PG2Anomaly(rawValue: rawValue) }

        /// What pg2 gets wrong here, when it does.
        var pg2Anomaly: String {
            switch self {
            case .a1: "g is back on every node"
            case .a2: "a and b list p, c does not"
            case .a3: "a and b count p once, c twice"
            case .a4, .otp8653: ""
            }
        }
    }

    /// How one scenario ended on one module.
    public struct Outcome: Sendable {
        public let scenario: Scenario
        public let module: Module
        /// Whether every node listed exactly what the writes left, in every run.
        public let consistent: Bool
        /// For A4: how many of the timings ended inconsistent.
        public let badTimings: Int
        /// Each node's members of g, sorted (nil: no group g), in the (last) run.
        public let views: [NodeName: [Pid]?]

        /// The table's cell.
        public var cell: String {
            switch (scenario, consistent) {
            case (.otp8653, true): "yes — 8 entries on every node"
            case (.a4, true): "yes, in every timing"
            case (_, true): "yes"
            case (.a4, false): "no — \(badTimings) of \(SideBySide.a4Offsets.count) timings leave p listed somewhere"
            case (.otp8653, false): "no"
            case (_, false): "no — \(scenario.pg2Anomaly)"
            }
        }
    }

    /// The reconnect times A4 tries, in µs after the leave starts.
    public static let a4Offsets = Array(stride(from: 0, through: 4_000, by: 250))

    /// The seed every scenario of the table runs with (A4's timings are only a race for some).
    public static let seed: UInt64 = 651

    /// Every scenario on both modules.
    ///
    /// Cost: one fresh, untraced simulation per run, 2 × (4 + `a4Offsets.count`) = 42 runs of
    /// three or four nodes and a handful of writes each; about 0.2 s of real time in a debug build.
    public static func outcomes(seed: UInt64 = seed) async throws -> [Outcome] {
        var all: [Outcome] = []
        for scenario in Scenario.allCases {
            for module in Module.allCases { all.append(try await run(scenario, on: module, seed: seed)) }
        }
        return all
    }

    /// The table as Markdown: a header, then one row per scenario. O(s × m × o) for the s
    /// scenarios, m modules and o `outcomes`: each cell is a search through `outcomes`.
    public static func table(_ outcomes: [Outcome]) -> String {
        var lines = ["| scenario | pg2 (chapter 6) | pg (chapter 7) |", "|---|---|---|"]
        for scenario in Scenario.allCases {
            let cells = Module.allCases.map { module in
                outcomes.first { $0.scenario == scenario && $0.module == module }?.cell ?? "?"
            }
            lines.append("| \(scenario.title) | \(cells[0]) | \(cells[1]) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Runs `scenario` on `module`. Cost: one run in a fresh, untraced simulation, or for A4 one
    /// per timing of `a4Offsets` (17).
    public static func run(_ scenario: Scenario, on module: Module, seed: UInt64) async throws -> Outcome {
        guard scenario == .a4 else {
            let run = Run(module: module, seed: seed, context: nil)
            let views = try await run.play(scenario)
            return Outcome(
                scenario: scenario, module: module, consistent: views == run.intended(), badTimings: 0, views: views)
        }
        var bad = 0
        var last: [NodeName: [Pid]?] = [:]
        for offset in a4Offsets {
            let run = Run(module: module, seed: seed, context: nil)
            last = try await run.playA4(reconnectAfter: offset)
            if last != run.intended() { bad += 1 }
        }
        return Outcome(scenario: .a4, module: module, consistent: bad == 0, badTimings: bad, views: last)
    }

    /// One run of a scenario on one module: its simulation, its nodes and its processes.
    final class Run: Sendable {
        let module: Module
        let sim: Simulation
        let context: DemoContext?
        private let held = Mutex<[ProcessActor]>([])

        init(module: Module, seed: UInt64, context: DemoContext?) {
            self.module = module
            self.context = context
            sim = context?.sim ?? Simulation(seed: seed, tracing: false)
        }

        /// Adds the nodes and starts the module on each, in a folded set-up phase.
        func cluster(_ names: [NodeName]) throws -> [Node] {
            context?.phase(
                "setup",
                module == .pg
                    ? "Start scope pg on \(DemoCatalog.list(names.map(\.rawValue))): every node hears nodeup for "
                        + "every other, and the scopes discover each other (discover), send each other their own "
                        + "members, none yet (sync), and monitor each other."
                    : "Start pg2 on \(DemoCatalog.list(names.map(\.rawValue))).",
                folded: true)
            let nodes = names.map { sim.addNode($0) }
            for node in nodes { try module.start(on: node) }
            return nodes
        }

        /// A process on `node` that lives as long as the run.
        func spawn(on node: Node) -> ProcessActor {
            if let context { return context.spawn(on: node) }
            let process = node.spawnProcess()
            held.withLock { $0.append(process) }
            return process
        }

        /// `node`'s members of g, sorted; nil if it has no group g.
        func view(_ node: Node) -> [Pid]? { module.view(node) }

        /// Every node's ``view(_:)``.
        func views(_ nodes: [Node]) -> [NodeName: [Pid]?] {
            Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, view($0)) })
        }

        /// Each node's view, for a narration line: `a: [<a.1>]   b: no group g`.
        func describe(_ nodes: [Node]) -> String {
            nodes.map { "\($0.name): " + Module.show(view($0)) }.joined(separator: "   ")
        }

        /// The run's nodes, by name.
        var nodeNames: [NodeName] {
            get { names.withLock { $0 } }
            set { names.withLock { $0 = newValue } }
        }
        private let names = Mutex<[NodeName]>([])
        /// What the scenario's writes left in g (nil: no group g), as the module lists it.
        private let left = Mutex<[Pid]?>([])

        /// What the writes left on every node.
        func intended() -> [NodeName: [Pid]?] {
            let group = left.withLock { $0 }
            return Dictionary(uniqueKeysWithValues: nodeNames.map { ($0, group) })
        }

        // MARK: The scenarios

        /// Plays `scenario` (A4 with a–b mended 1 ms into the leave) and returns every node's view
        /// at the end.
        func play(_ scenario: Scenario) async throws -> [NodeName: [Pid]?] {
            switch scenario.anomaly {
            case .a4: try await play(.a4, pace: .mendingAfter(.microseconds(1_000)))
            case let anomaly?: try await play(anomaly, pace: .settled)
            case nil: try await otp8653()
            }
        }

        /// A4: p (on c) is in g everywhere; a–b is cut; c starts a leave of p, and `offset` µs later
        /// a–b is mended.
        func playA4(reconnectAfter offset: Int) async throws -> [NodeName: [Pid]?] {
            try await play(.a4, pace: .mendingAfter(.microseconds(offset)))
        }

        /// Plays `anomaly`'s script as ``module`` plays it (``Module/script(of:)``), narrating it
        /// when there is a context.
        func play(_ anomaly: PG2Anomaly, pace: AnomalyScript.Pace) async throws -> [NodeName: [Pid]?] {
            let script = module.script(of: anomaly)
            let nodes = try cluster(script.nodes)
            nodeNames = nodes.map(\.name)
            try await script.run(sim, on: nodes, writes: module.writes, pace: pace, spawn: spawn(on:)) { moment, p in
                if moment == .setUp { left.withLock { $0 = module.listed(script.left(by: p)) } }
                if let context { narrate(anomaly, moment, p, nodes, context) }
            }
            return views(nodes)
        }

        func otp8653() async throws -> [NodeName: [Pid]?] {
            let nodes = try cluster(["a", "b", "c", "d"])
            nodeNames = nodes.map(\.name)
            try await sim.run { try await self.module.writes.create(nodes[0], "g") }
            try await sim.quiescence()
            context?.phase(
                "partition",
                "Cut {a, b} off from {c, d}; then every node joins a fresh process of its own to g, twice. Each "
                    + "scope relays its joins to the peers it still has: its own side.")
            sim.partition(["a", "b"], ["c", "d"])
            try await sim.quiescence()
            let pids = nodes.map { spawn(on: $0).id }
            try await sim.run {
                for (node, pid) in zip(nodes, pids) {
                    try await self.module.writes.join(node, "g", pid)
                    try await self.module.writes.join(node, "g", pid)
                }
            }
            left.withLock { $0 = pids.flatMap { [$0, $0] }.sorted() }
            try await sim.quiescence()
            context?.say("during the partition each side sees its own: " + describe(nodes))
            context?.phase(
                "heal",
                "Mend every link. Each node hears nodeup for the two it had lost; the scopes discover each other and "
                    + "send each other a sync with their own members, which each receiver puts in front of its list.")
            sim.heal()
            try await sim.quiescence()
            context?.say("after the heal, all eight entries everywhere: " + describe(nodes))
            return views(nodes)
        }
    }
}
