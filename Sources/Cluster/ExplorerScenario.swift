/// What the explorer searches: a cluster, the operations that run on it concurrently, the faults
/// that may strike at any moment, and the invariant that must hold when everything has run out.
///
/// ```swift
/// let race = ExplorerScenario("race", "a write races a reconnect", nodes: ["a", "b", "c"]) { sim, nodes in
///     // set-up, run oldest-first and not explored: start the module, write, cut a link
///     return .init(
///         operations: [.init("c writes") { try await write(on: nodes[2]) }],
///         faults: [.reconnect("a", "b")],
///         invariant: { agree(nodes) ? nil : "the nodes disagree" })
/// }
/// ```
///
/// The workbook's own scenarios (`swift run workbook explore`) are pg2's anomalies, each made
/// from its one script in `Sources/Anomalies` (`AnomalyScript.explorerPlan`), and the global
/// lock's exclusion.
///
/// The set-up must be deterministic — the explorer runs it again for every execution — and so
/// must everything the operations do: a value read from outside the simulation (a global counter,
/// the wall clock) makes the runs differ, and the explorer reports it as hidden nondeterminism.
public struct ExplorerScenario: Sendable {
    /// The name on the command line, e.g. `a4`.
    public let name: String
    /// One line: what the scenario checks.
    public let summary: String
    /// The nodes, added (connected in a full mesh) before the set-up runs.
    public let nodes: [NodeName]
    /// The seed of the nodes' random sources (a lock's backoff, say): fixed, so runs repeat.
    public var seed: UInt64 = 1
    /// Offer the next timer as a choice even while messages are in flight. Off by default: a
    /// timer fires only when nothing is in flight (so a call's timeout never beats its reply).
    public var timersRace = false
    /// Builds the cluster's starting state on `sim` and returns what to explore from there.
    public let setUp: @Sendable (_ sim: Simulation, _ nodes: [Node]) async throws -> Plan

    /// A scenario; `setUp` gets the simulation and the nodes, in the order of `nodes`. O(1): nothing
    /// runs until the explorer runs it.
    public init(
        _ name: String, _ summary: String, nodes: [NodeName],
        setUp: @escaping @Sendable (_ sim: Simulation, _ nodes: [Node]) async throws -> Plan
    ) {
        self.name = name
        self.summary = summary
        self.nodes = nodes
        self.setUp = setUp
    }

    /// What the explorer explores once the set-up is done.
    public struct Plan: Sendable {
        /// Started together, concurrently, when exploring begins.
        public var operations: [Operation]
        /// May strike at any choice point, each once; one still pending when everything else has
        /// run out strikes then.
        public var faults: [Fault]
        /// Checked when every operation has returned and nothing is left to run: nil if it holds,
        /// else what is wrong. A safety property of the final state (and of whatever the operations
        /// recorded on the way).
        public var invariant: @Sendable () -> String?

        /// O(1).
        public init(operations: [Operation], faults: [Fault] = [], invariant: @escaping @Sendable () -> String?) {
            self.operations = operations
            self.faults = faults
            self.invariant = invariant
        }
    }

    /// One operation, e.g. a leave made on node c. If it throws, the run counts as a violation.
    public struct Operation: Sendable {
        public let label: String
        public let body: @Sendable () async throws -> Void

        /// O(1); the body runs once per execution.
        public init(_ label: String, _ body: @escaping @Sendable () async throws -> Void) {
            self.label = label
            self.body = body
        }
    }

    /// A fault the explorer may inject at any choice point, e.g. mending the a–b link.
    public struct Fault: Sendable {
        /// Shown in the options and the trace, e.g. `reconnect a b`; unique within a plan.
        public let label: String
        public let apply: @Sendable (Simulation) -> Void

        /// O(1); `apply` runs at most once per execution.
        public init(_ label: String, _ apply: @escaping @Sendable (Simulation) -> Void) {
            self.label = label
            self.apply = apply
        }

        /// Mends the a–b link (``Simulation/reconnect(_:_:)``). O(1).
        public static func reconnect(_ a: NodeName, _ b: NodeName) -> Fault {
            Fault("reconnect \(a) \(b)") { $0.reconnect(a, b) }
        }

        /// Mends every cut link (``Simulation/heal()``). O(1).
        public static var heal: Fault { Fault("heal") { $0.heal() } }
    }
}
