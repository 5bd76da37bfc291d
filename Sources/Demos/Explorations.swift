import Anomalies
import Cluster
import GlobalLock
import ProcessGroups
import Synchronization

/// The workbook's scenarios for the interleaving explorer (`swift run workbook explore NAME`):
/// chapter 6's anomalies A1–A4 under pg2, where the explorer finds each, and the same scenarios
/// under chapter 7's pg and the global lock's mutual exclusion, where it finds nothing within the
/// bound — and a lock taken on each caller's own node only, where it finds two holders at once.
///
/// Each anomaly is its one script (``Anomalies/PG2Anomaly``), played as the side-by-side table
/// plays it, and turned into the explorer's form: its writes behind the cut are the operation,
/// its heal or mend is the offered fault — free to strike at any point, not only when everything
/// is quiet — and the invariant is the side-by-side table's "consistent": every node lists
/// exactly what the writes left.
public enum Explorations {
    /// Every scenario, in the order the CLI lists them.
    public static let all: [ExplorerScenario] =
        PG2Anomaly.allCases.map { anomaly($0, on: .pg2) } + PG2Anomaly.allCases.map { anomaly($0, on: .pg) }
        + [lockExclusion, lockOnOwnNodeOnly]

    /// The scenario called `name` (`a4`, `pg-a4`, `lock`), if any. O(scenarios).
    public static func named(_ name: String) -> ExplorerScenario? { all.first { $0.name == name } }

    /// The deviations `swift run workbook explore` allows by default.
    public static let defaultBound = 2

    /// Anomaly `anomaly` (A1–A4) on `module`: named `a4` for pg2, `pg-a4` for pg. Its script in the
    /// side-by-side cast, as the module plays it (``SideBySide/Module/script(of:)``), made into a
    /// plan by ``Anomalies/AnomalyScript/explorerPlan(_:on:writes:invariant:)``. O(1) to make;
    /// each execution starts the module on three nodes and makes one or two writes.
    public static func anomaly(_ anomaly: PG2Anomaly, on module: SideBySide.Module) -> ExplorerScenario {
        let name = (module == .pg ? "pg-" : "") + anomaly.rawValue
        let script = module.script(of: anomaly)
        return ExplorerScenario(name, anomaly.explorerSummary(on: module), nodes: script.nodes) { sim, nodes in
            for node in nodes { try module.start(on: node) }
            return try await script.explorerPlan(sim, on: nodes, writes: module.writes) { p in
                module.disagreement(on: nodes, expected: module.listed(script.left(by: p)))
            }
        }
    }

    /// The global lock's promise: three nodes each run `trans` on one resource, and inside it call
    /// the next node; at no moment do two hold it. The explorer finds no order that breaks it.
    public static let lockExclusion = lockScenario(ownNodeOnly: false)

    /// The same three transactions, each locking the resource on its own node only — global's
    /// `trans(Id, Fun, [node()])`, which Erlang allows: three locks that never meet, so nothing
    /// excludes anything. The explorer finds two holders at once with no deviation at all: a
    /// lock excludes only callers whose target nodes overlap, which is why pg2 locks every node.
    public static let lockOnOwnNodeOnly = lockScenario(ownNodeOnly: true)

    /// Three nodes each run `trans("r")` and, inside it, call the next node's process; the check
    /// counts the holders inside at once. `ownNodeOnly` locks `[node()]` instead of every node.
    /// O(1) to make; each execution starts a lock server on three nodes and makes three transactions.
    static func lockScenario(ownNodeOnly: Bool) -> ExplorerScenario {
        let (name, title) =
            ownNodeOnly
            ? ("lock-own-node", "trans on three nodes, each locking only its own node: two holders at once?")
            : ("lock", "global's trans on three nodes: two holders at once? (mutual exclusion)")
        return ExplorerScenario(name, title, nodes: ["a", "b", "c"]) { sim, nodes in
            for node in nodes { _ = try LockServer.ensureStarted(on: node) }
            let echoes = nodes.map { $0.spawnProcess() }
            let inside = Mutex((now: 0, most: 0))
            let operations = nodes.indices.map { index in
                let node = nodes[index], other = echoes[(index + 1) % nodes.count]
                let targets = ownNodeOnly ? [node.name] : nil
                let what = ownNodeOnly ? "trans(\"r\", [\(node.name)])" : "trans(\"r\")"
                return ExplorerScenario.Operation("\(node.name) runs \(what) and calls \(other.id) inside") {
                    let remote = try node.resolve(other.id, as: ProcessActor.self)
                    try await Global(node: node).trans("r", on: targets) {
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
}

extension PG2Anomaly {
    /// The scenario's line in `swift run workbook explore`'s list.
    func explorerSummary(on module: SideBySide.Module) -> String {
        let what: String =
            switch self {
            case .a1: module == .pg ? "g emptied during a partition; heal" : "g deleted during a partition; heal"
            case .a2: "p left from g while a–b is cut; mend"
            case .a3: "p joined to g twice while a–b is cut; mend"
            case .a4: "p left from g while a–b may be mended at any moment"
            }
        return "\(self.rawValue.uppercased()) under \(module == .pg ? "pg (chapter 7)" : "pg2 (chapter 6)"): \(what)"
    }
}
