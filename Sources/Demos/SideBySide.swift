import Cluster
import ProcessGroups
import Synchronization

/// pg2 and pg side by side: chapter 6's anomaly scenarios A1–A4 and OTP's otp_8653 (a 2+2
/// partition whose heal must give every node all eight entries), run against both modules, and
/// whether each module ends *consistent* — every node lists exactly the entries the writes left.
///
/// Each scenario is written once, over a ``Module``, which says how that module does the writes:
/// pg2 writes from whichever node the anomaly needs (it allows that); pg only from the member's
/// own node (it allows nothing else). The runs feed the table in chapter 7's prose and the README
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
    public static func outcomes(seed: UInt64 = seed) async throws -> [Outcome] {
        var all: [Outcome] = []
        for scenario in Scenario.allCases {
            for module in Module.allCases { all.append(try await run(scenario, on: module, seed: seed)) }
        }
        return all
    }

    /// The table as Markdown: a header, then one row per scenario.
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

    /// Runs `scenario` on `module`.
    public static func run(_ scenario: Scenario, on module: Module, seed: UInt64) async throws -> Outcome {
        guard scenario == .a4 else {
            let run = Run(module: module, seed: seed, context: nil)
            let views = try await run.play(scenario)
            return Outcome(
                scenario: scenario, module: module, consistent: views == run.intended(scenario), badTimings: 0,
                views: views)
        }
        var bad = 0
        var last: [NodeName: [Pid]?] = [:]
        for offset in a4Offsets {
            let run = Run(module: module, seed: seed, context: nil)
            last = try await run.playA4(reconnectAfter: offset)
            if last != run.intended(.a4) { bad += 1 }
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

        // MARK: The modules' writes

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
            for node in nodes {
                switch module {
                case .pg2: try ProcessGroups.start(on: node)
                case .pg: try ProcessGroups.Scope.start(on: node)
                }
            }
            return nodes
        }

        /// A process on `node` that lives as long as the run.
        func spawn(on node: Node) -> ProcessActor {
            if let context { return context.spawn(on: node) }
            let process = node.spawnProcess()
            held.withLock { $0.append(process) }
            return process
        }

        /// pg2's `create`; nothing for pg, whose groups need none.
        func create(from node: Node) async throws {
            guard module == .pg2 else { return }
            try await ProcessGroups(node: node).create("g")
        }

        /// A join of `pid` to g, made on `node` (pg: it must be `pid`'s own).
        func join(_ pid: Pid, from node: Node) async throws {
            switch module {
            case .pg2: try await ProcessGroups(node: node).join("g", pid)
            case .pg: try await ProcessGroups.Scope(on: node).join("g", pid)
            }
        }

        /// A leave of `pid` from g, made on `node`.
        func leave(_ pid: Pid, from node: Node) async throws {
            switch module {
            case .pg2: try await ProcessGroups(node: node).leave("g", pid)
            case .pg: _ = try await ProcessGroups.Scope(on: node).leave("g", pid)
            }
        }

        /// `node`'s members of g, sorted; nil if it has no group g.
        func view(_ node: Node) -> [Pid]? {
            switch module {
            case .pg2:
                let pg2 = ProcessGroups(node: node)
                return pg2.whichGroups().contains("g") ? ((try? pg2.members(of: "g")) ?? []) : nil
            case .pg:
                let pg = ProcessGroups.Scope(on: node)
                return ((try? pg.whichGroups()) ?? []).contains("g") ? pg.members(of: "g").sorted() : nil
            }
        }

        /// Every node's ``view(_:)``.
        func views(_ nodes: [Node]) -> [NodeName: [Pid]?] {
            Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, view($0)) })
        }

        /// Each node's view, for a narration line: `a: [<a.1>]   b: no group g`.
        func describe(_ nodes: [Node]) -> String {
            nodes.map { node in
                "\(node.name): "
                    + (view(node).map { "[" + $0.map(\.description).joined(separator: ", ") + "]" } ?? "no group g")
            }.joined(separator: "   ")
        }

        /// The run's nodes, by name.
        var nodeNames: [NodeName] {
            get { names.withLock { $0 } }
            set { names.withLock { $0 = newValue } }
        }
        private let names = Mutex<[NodeName]>([])
        /// The entries the scenario's writes leave in g.
        private let entries = Mutex<[Pid]>([])

        /// What the writes left on every node: g absent where the module deletes an emptied
        /// group, else the entries the scenario's writes left.
        func intended(_ scenario: Scenario) -> [NodeName: [Pid]?] {
            let left = entries.withLock { $0 }.sorted()
            let group: [Pid]? =
                switch scenario {
                case .a1: nil
                default: left.isEmpty && module == .pg ? nil : left
                }
            return Dictionary(uniqueKeysWithValues: nodeNames.map { ($0, group) })
        }

        // MARK: The scenarios

        /// Plays `scenario` (not A4) and returns every node's view at the end.
        func play(_ scenario: Scenario) async throws -> [NodeName: [Pid]?] {
            switch scenario {
            case .a1: try await a1()
            case .a2: try await a2()
            case .a3: try await a3()
            case .otp8653: try await otp8653()
            case .a4: try await playA4(reconnectAfter: 1_000)
            }
        }

        func a1() async throws -> [NodeName: [Pid]?] {
            let nodes = try cluster(["a", "b", "c"])
            nodeNames = nodes.map(\.name)
            let p = spawn(on: nodes[0])
            try await sim.run {
                try await self.create(from: nodes[0])
                try await self.join(p.id, from: nodes[0])
            }
            try await sim.quiescence()
            context?.phase(
                "partition",
                module == .pg
                    ? "Cut {a, b} off from c. Then a, the node \(p.id) lives on, leaves it from g: g's last entry. c "
                        + "lost a's scope at the cut (its monitor on <a.pg> said noconnection), and with it every "
                        + "entry a had reported."
                    : "Cut {a, b} off from c; then a deletes g, on the nodes it can reach.")
            context?.say("before the cut: " + describe(nodes))
            sim.partition(["a", "b"], ["c"])
            try await sim.quiescence()
            try await sim.run {
                switch self.module {
                case .pg2: try await ProcessGroups(node: nodes[0]).delete("g")
                case .pg: try await self.leave(p.id, from: nodes[0])
                }
            }
            try await sim.quiescence()
            context?.say("after the leave: " + describe(nodes))
            context?.phase(
                "heal",
                "Mend the links. Each side hears nodeup, and the scopes discover each other again: each sends the "
                    + "other a sync with its own members — a's has none left, so nobody brings g back.")
            sim.heal()
            try await sim.quiescence()
            context?.say("after the heal, no node has g: " + describe(nodes))
            return views(nodes)
        }

        func a2() async throws -> [NodeName: [Pid]?] {
            let nodes = try cluster(["a", "b", "c"])
            nodeNames = nodes.map(\.name)
            let p = spawn(on: nodes[2])
            try await sim.run {
                try await self.create(from: nodes[0])
                try await self.join(p.id, from: self.module == .pg ? nodes[2] : nodes[0])
            }
            try await sim.quiescence()
            context?.phase(
                "cut a–b",
                "Cut only the a–b link; both still see c. Then \(p.id) leaves g — under pg only c, its own node, "
                    + "can make it, and c tells both a and b.")
            context?.say("before the cut: " + describe(nodes))
            sim.disconnect("a", "b")
            try await sim.quiescence()
            try await sim.run { try await self.leave(p.id, from: self.module == .pg ? nodes[2] : nodes[0]) }
            try await sim.quiescence()
            context?.say("after the leave: " + describe(nodes))
            context?.phase(
                "mend a–b",
                "Mend the a–b link. a and b discover each other and sync: each reports only its own members, and "
                    + "neither has any, so nothing comes back.")
            sim.reconnect("a", "b")
            try await sim.quiescence()
            context?.say("after the mend, every node agrees: " + describe(nodes))
            return views(nodes)
        }

        func a3() async throws -> [NodeName: [Pid]?] {
            let nodes = try cluster(["a", "b", "c"])
            nodeNames = nodes.map(\.name)
            let p = spawn(on: nodes[2])
            try await sim.run { try await self.create(from: nodes[0]) }
            try await sim.quiescence()
            context?.phase(
                "cut a–b",
                "Cut only the a–b link; \(p.id) lives on c, which both still see. Then \(p.id) joins g twice — "
                    + "under pg both joins are c's to make, and c relays each to a and to b.")
            sim.disconnect("a", "b")
            try await sim.quiescence()
            try await sim.run {
                try await self.join(p.id, from: self.module == .pg ? nodes[2] : nodes[0])
                try await self.join(p.id, from: self.module == .pg ? nodes[2] : nodes[1])
            }
            entries.withLock { $0 = [p.id, p.id] }
            try await sim.quiescence()
            context?.say("after both joins: " + describe(nodes))
            context?.phase(
                "mend a–b",
                "Mend the a–b link. a and b sync: each reports its own members — none — and nothing about "
                    + "\(p.id), which only c speaks for. Nothing is maxed or merged.")
            sim.reconnect("a", "b")
            try await sim.quiescence()
            context?.say("after the mend, every node counts two joins: " + describe(nodes))
            return views(nodes)
        }

        /// A4: p (on c) is in g everywhere; a–b is cut; c starts a leave of p, and `offset` µs later
        /// a–b is mended.
        func playA4(reconnectAfter offset: Int) async throws -> [NodeName: [Pid]?] {
            let nodes = try cluster(["a", "b", "c"])
            nodeNames = nodes.map(\.name)
            let c = nodes[2]
            let p = spawn(on: c)
            try await sim.run {
                try await self.create(from: c)
                try await self.join(p.id, from: c)
            }
            sim.disconnect("a", "b")
            try await sim.quiescence()
            let leave = c.spawn { try await self.leave(p.id, from: c) }
            try await sim.run(for: .microseconds(offset))
            sim.reconnect("a", "b")
            try await sim.quiescence()
            try await sim.run { try await leave.value }
            return views(nodes)
        }

        func otp8653() async throws -> [NodeName: [Pid]?] {
            let nodes = try cluster(["a", "b", "c", "d"])
            nodeNames = nodes.map(\.name)
            try await sim.run { try await self.create(from: nodes[0]) }
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
                    try await self.join(pid, from: node)
                    try await self.join(pid, from: node)
                }
            }
            entries.withLock { $0 = pids.flatMap { [$0, $0] } }
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
