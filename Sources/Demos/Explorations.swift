import Cluster
import GlobalLock
import ProcessGroups
import Synchronization

/// The workbook's scenarios for the interleaving explorer (`swift run workbook explore NAME`):
/// chapter 6's anomalies A1–A4 under pg2, where the explorer finds each, and the same scenarios
/// under chapter 7's pg and the global lock's mutual exclusion, where it finds nothing within the
/// bound.
///
/// Each is one scenario of ``SideBySide``, restated for the explorer: its writes are the
/// operations, its heal or mend is the offered fault — free to strike at any point, not only
/// when everything is quiet — and the invariant is the side-by-side table's "consistent": every
/// node lists exactly what the writes left.
public enum Explorations {
    /// Every scenario, in the order the CLI lists them.
    public static let all: [ExplorerScenario] =
        SideBySide.Scenario.anomalies.map { anomaly(of: $0, on: .pg2) }
        + SideBySide.Scenario.anomalies.map { anomaly(of: $0, on: .pg) } + [lockExclusion]

    /// The scenario called `name` (`a4`, `pg-a4`, `lock`), if any. O(scenarios).
    public static func named(_ name: String) -> ExplorerScenario? { all.first { $0.name == name } }

    /// The deviations `swift run workbook explore` allows by default.
    public static let defaultBound = 2

    /// Anomaly `scenario` (A1–A4) on `module`: named `a4` for pg2, `pg-a4` for pg. O(1) to make;
    /// each execution starts the module on three nodes and makes one or two writes.
    public static func anomaly(of scenario: SideBySide.Scenario, on module: SideBySide.Module) -> ExplorerScenario {
        let name = (module == .pg ? "pg-" : "") + scenario.rawValue
        return ExplorerScenario(name, scenario.explorerSummary(on: module), nodes: ["a", "b", "c"]) { sim, nodes in
            let writes = GroupWrites(module: module)
            for node in nodes { try writes.start(on: node) }
            let (a, b, c) = (nodes[0], nodes[1], nodes[2])
            // p lives on a for A1 (pg: its own node must leave it), on c otherwise.
            let p = (scenario == .a1 ? a : c).spawnProcess()
            let owner = module == .pg ? (scenario == .a1 ? a : c) : (scenario == .a4 ? c : a)
            try await sim.run {
                try await writes.create(from: owner)
                if scenario != .a3 { try await writes.join(p.id, from: owner) }
            }
            try await sim.quiescence()
            var expected: [Pid]? = module == .pg ? nil : []
            let operation: ExplorerScenario.Operation
            let fault: ExplorerScenario.Fault
            switch scenario {
            case .a1:
                sim.partition(["a", "b"], ["c"])
                expected = nil
                operation =
                    module == .pg
                    ? .init("a leaves \(p.id) from g") { try await writes.leave(p.id, from: a) }
                    : .init("a deletes g") { try await ProcessGroups(node: a).delete("g") }
                fault = .heal
            case .a3:
                sim.disconnect("a", "b")
                expected = [p.id, p.id]
                let (first, second) = module == .pg ? (c, c) : (a, b)
                operation = .init("\(first.name) joins \(p.id) to g, then \(second.name) does") {
                    try await writes.join(p.id, from: first)
                    try await writes.join(p.id, from: second)
                }
                fault = .reconnect("a", "b")
            default:
                sim.disconnect("a", "b")
                let from = module == .pg || scenario == .a4 ? c : a
                operation = .init("\(from.name) leaves \(p.id) from g") { try await writes.leave(p.id, from: from) }
                fault = .reconnect("a", "b")
            }
            try await sim.quiescence()
            let intended = expected
            return .init(operations: [operation], faults: [fault]) {
                withExtendedLifetime(p) { writes.disagreement(on: nodes, expected: intended) }
            }
        }
    }

    /// The global lock's promise: three nodes each run `trans` on one resource, and inside it call
    /// the next node; at no moment do two hold it. The explorer finds no order that breaks it.
    public static let lockExclusion = ExplorerScenario(
        "lock", "global's trans on three nodes: two holders at once? (mutual exclusion)", nodes: ["a", "b", "c"]
    ) { sim, nodes in
        for node in nodes { _ = try LockServer.ensureStarted(on: node) }
        let echoes = nodes.map { $0.spawnProcess() }
        let inside = Mutex((now: 0, most: 0))
        let operations = nodes.indices.map { index in
            let node = nodes[index], other = echoes[(index + 1) % nodes.count]
            return ExplorerScenario.Operation("\(node.name) runs trans(\"r\") and calls \(other.id) inside") {
                let remote = try node.resolve(other.id, as: ProcessActor.self)
                try await Global(node: node).trans("r") {
                    inside.withLock {
                        $0.now += 1; $0.most = max($0.most, $0.now)
                    }
                    _ = try await remote.echo("inside")
                    inside.withLock { $0.now -= 1 }
                }
            }
        }
        return .init(operations: operations) {
            withExtendedLifetime(echoes) {
                let most = inside.withLock { $0.most }
                return most > 1 ? "\(most) holders of r at once" : nil
            }
        }
    }
}

extension SideBySide.Scenario {
    /// The anomalies the explorer searches (otp_8653 is a convergence check, not a race).
    static let anomalies: [SideBySide.Scenario] = [.a1, .a2, .a3, .a4]

    func explorerSummary(on module: SideBySide.Module) -> String {
        let what: String =
            switch self {
            case .a1: module == .pg ? "g emptied during a partition; heal" : "g deleted during a partition; heal"
            case .a2: "p left from g while a–b is cut; mend"
            case .a3: "p joined to g twice while a–b is cut; mend"
            case .a4: "p left from g while a–b may be mended at any moment"
            case .otp8653: "otp_8653"
            }
        return "\(self.rawValue.uppercased()) under \(module == .pg ? "pg (chapter 7)" : "pg2 (chapter 6)"): \(what)"
    }
}
