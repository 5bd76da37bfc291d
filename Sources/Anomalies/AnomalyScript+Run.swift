import Cluster
import LocalTable

/// A module's writes, as an anomaly's scenario makes them: chapter 6's pg2 (``chapter6``), the
/// final module's `ProcessGroups` (the demos' writes, declared with them), or pg's scopes, which
/// have no create or delete (the side-by-side runs').
public struct GroupWrites: Sendable {
    public let create: @Sendable (Node, GroupName) async throws -> Void
    public let delete: @Sendable (Node, GroupName) async throws -> Void
    public let join: @Sendable (Node, GroupName, Pid) async throws -> Void
    public let leave: @Sendable (Node, GroupName, Pid) async throws -> Void

    /// The module's four writes, each made on the node it is given. O(1).
    public init(
        create: @escaping @Sendable (Node, GroupName) async throws -> Void,
        delete: @escaping @Sendable (Node, GroupName) async throws -> Void,
        join: @escaping @Sendable (Node, GroupName, Pid) async throws -> Void,
        leave: @escaping @Sendable (Node, GroupName, Pid) async throws -> Void
    ) {
        self.create = create
        self.delete = delete
        self.join = join
        self.leave = leave
    }

    /// Makes `write` of `group`, on `node`, for `member`. O(1) here; the write's own cost there.
    public func make(_ write: AnomalyWrite, of group: GroupName, on node: Node, member: Pid?) async throws {
        switch write.kind {
        case .create: try await create(node, group)
        case .delete: try await delete(node, group)
        case .join: try await join(node, group, member!)
        case .leave: try await leave(node, group, member!)
        }
    }
}

extension AnomalyScript {
    /// How a harness paces the steps. The steps are the script's; the pace is the harness's.
    public enum Pace: Sendable {
        /// Each step starts as soon as the previous one's calls have returned (the pg2 demos and
        /// the anomaly tests).
        case eager
        /// The simulation goes quiet after the set-up, after the cut and after the writes (the
        /// side-by-side runs and the pg demos).
        case settled
        /// The writes start once the cut is quiet, and the cut is mended `after` that much
        /// virtual time, while they may still be on their way (A4's race). The writes return
        /// after the mend, so ``Moment/written`` is not reported.
        case mendingAfter(Duration)
    }

    /// Where a run hands control back to its caller (outside `sim.run`), to check or narrate.
    public enum Moment: Sendable {
        /// The set-up writes have returned; the network is whole, nothing cut yet.
        case setUp
        /// The cut is made and the writes behind it have returned.
        case written
        /// The cut is mended and the simulation is quiet.
        case mended
    }

    /// Runs the script on `nodes` — named ``nodes``, each running the module — with `writes`, at
    /// `pace`.
    ///
    /// `spawn` makes the member p on its node (the caller may keep it beyond the run), and
    /// `moment` is called at each ``Moment``, with p's pid where there is one. Cost: the writes'
    /// and the simulation's own; the script adds O(writes).
    public func run(
        _ sim: Simulation, on nodes: [Node], writes: GroupWrites, pace: Pace = .eager,
        spawn: (Node) -> ProcessActor = { $0.spawnProcess() },
        at moment: (Moment, Pid?) async throws -> Void
    ) async throws {
        precondition(nodes.map(\.name) == self.nodes, "the script runs on \(self.nodes)")
        let p = member.map { spawn(node($0, in: nodes)) }
        let pid = p?.id
        try await sim.run { try await self.make(self.setUp, nodes, writes, pid) }
        if case .settled = pace { try await sim.quiescence() }
        try await moment(.setUp, pid)
        cut.make(sim)
        if case .mendingAfter(let delay) = pace {
            try await sim.quiescence()
            let maker = node(writes: self.writes, in: nodes)
            let job = maker.spawn { try await self.make(self.writes, nodes, writes, pid) }
            try await sim.run(for: delay)
            cut.mend(sim)
            try await sim.quiescence()
            try await sim.run { try await job.value }
        } else {
            if case .settled = pace { try await sim.quiescence() }
            try await sim.run { try await self.make(self.writes, nodes, writes, pid) }
            if case .settled = pace { try await sim.quiescence() }
            try await moment(.written, pid)
            cut.mend(sim)
            try await sim.quiescence()
        }
        try await moment(.mended, pid)
        withExtendedLifetime(p) {}
    }

    /// The script for the explorer (``Cluster/ExplorerScenario``), run from inside its set-up on
    /// `nodes`: the set-up and the cut as at ``Pace/settled``; then the writes behind the cut
    /// become the one operation, and the mend the one fault, free to strike at any choice point.
    /// `invariant` gets p's pid and says what is wrong at the end, if anything. Cost: the set-up
    /// writes' own.
    public func explorerPlan(
        _ sim: Simulation, on nodes: [Node], writes: GroupWrites,
        invariant: @escaping @Sendable (Pid?) -> String?
    ) async throws -> ExplorerScenario.Plan {
        precondition(nodes.map(\.name) == self.nodes, "the script runs on \(self.nodes)")
        let p = member.map { node($0, in: nodes).spawnProcess() }
        let pid = p?.id
        try await sim.run { try await self.make(self.setUp, nodes, writes, pid) }
        try await sim.quiescence()
        cut.make(sim)
        try await sim.quiescence()
        let operation = ExplorerScenario.Operation(describeWrites(member: pid)) {
            try await self.make(self.writes, nodes, writes, pid)
        }
        return .init(operations: [operation], faults: [cut.mendFault]) {
            withExtendedLifetime(p) { invariant(pid) }
        }
    }

    /// Makes `steps` in order, each on its own node.
    private func make(_ steps: [AnomalyWrite], _ nodes: [Node], _ writes: GroupWrites, _ pid: Pid?) async throws {
        for step in steps { try await writes.make(step, of: group, on: node(step.from, in: nodes), member: pid) }
    }

    /// The node that makes `steps` when they run as one job: the first's.
    private func node(writes steps: [AnomalyWrite], in nodes: [Node]) -> Node {
        guard let first = steps.first else { preconditionFailure("a race needs a write") }
        return node(first.from, in: nodes)
    }

    private func node(_ name: NodeName, in nodes: [Node]) -> Node {
        nodes[self.nodes.firstIndex(of: name)!]
    }
}
