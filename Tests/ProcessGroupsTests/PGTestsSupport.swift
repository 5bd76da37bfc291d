import ProcessGroups
import TestKit
import Testing

/// Helpers for the tests of pg's API, `ProcessGroups.Scope`, against Chapters/PGRules.md.

extension Simulation {
    /// Adds the nodes `names`, each running scope `scope`.
    func pgCluster(_ names: NodeName..., scope: ScopeName = "pg") throws -> [Node] {
        try names.map { name in
            let node = addNode(name)
            try ProcessGroups.Scope.start(scope, on: node)
            return node
        }
    }
}

/// Scope `name` as a caller on `node` sees it.
func scope(_ node: Node, _ name: ScopeName = "pg") -> ProcessGroups.Scope { ProcessGroups.Scope(name, on: node) }

/// What every node running `name` shows, once messages settle, by rule V1 of Chapters/PGRules.md:
/// its own entries plus those of every node directly connected to it that runs the scope — as
/// multisets (sorted lists), group by group; groups with no entry are left out.
func expectedViews(_ nodes: [Node], scope name: ScopeName = "pg") -> [NodeName: [GroupName: [Pid]]] {
    let running = nodes.filter { $0.isAlive && scope($0, name).isRunning }
    var own: [NodeName: [GroupName: [Pid]]] = [:]
    for node in running {
        let groups = (try? scope(node, name).whichLocalGroups()) ?? []
        own[node.name] = Dictionary(uniqueKeysWithValues: groups.map { ($0, scope(node, name).localMembers(of: $0)) })
    }
    var views: [NodeName: [GroupName: [Pid]]] = [:]
    for node in running {
        var view: [GroupName: [Pid]] = [:]
        for other in running where other === node || node.isConnected(to: other.name) {
            for (group, pids) in own[other.name] ?? [:] { view[group, default: []] += pids }
        }
        views[node.name] = view.mapValues { $0.sorted() }
    }
    return views
}

/// What every node running `name` shows now, as ``expectedViews(_:scope:)`` states it.
func actualViews(_ nodes: [Node], scope name: ScopeName = "pg") -> [NodeName: [GroupName: [Pid]]] {
    var views: [NodeName: [GroupName: [Pid]]] = [:]
    for node in nodes where node.isAlive && scope(node, name).isRunning {
        let groups = (try? scope(node, name).whichGroups()) ?? []
        views[node.name] = Dictionary(
            uniqueKeysWithValues: groups.compactMap { group in
                let members = scope(node, name).members(of: group)
                return members.isEmpty ? nil : (group, members.sorted())
            })
    }
    return views
}

/// Checks, inside `sim.run`, every running scope's invariants; with `settled`, also rule V1 (the
/// views are what the links and the nodes' own members say).
func checkScopes(
    _ nodes: [Node], _ sim: Simulation, scope name: ScopeName = "pg", settled: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    for node in nodes where node.isAlive && scope(node, name).isRunning {
        do {
            try await scope(node, name).checkInvariants()
        } catch {
            Issue.record("\(node): \(error) — \(sim.seedNote)", sourceLocation: sourceLocation)
        }
    }
    guard settled else { return }
    let (expected, actual) = (expectedViews(nodes, scope: name), actualViews(nodes, scope: name))
    #expect(
        actual == expected, sim.comment("rule V1: expected \(expected), got \(actual)"), sourceLocation: sourceLocation)
}

/// Quiesces the simulation, then runs ``checkScopes(_:_:scope:settled:sourceLocation:)``.
func settleScopes(
    _ nodes: [Node], _ sim: Simulation, scope name: ScopeName = "pg", sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    try await sim.quiescence()
    try await sim.run { try await checkScopes(nodes, sim, scope: name, sourceLocation: sourceLocation) }
}

/// The notifications waiting in `subscription`'s mailbox, taken out.
func drained(_ subscription: Subscription) -> [PGNotification] { subscription.notifications.drain() }

/// `(action, group, pids)` of each notification: what a test compares.
func shapes(_ notes: [PGNotification]) -> [String] {
    notes.map { "\($0.action.rawValue) \($0.group) [" + $0.pids.map(\.description).joined(separator: ", ") + "]" }
}

/// The trace events of scope messages `method` (`"discover"`, `"sync"`, `"join"`, `"leave"`).
func scopeMessages(_ method: String, in sim: Simulation) -> [TraceEvent] {
    sim.trace.events.filter { event in
        guard case .message = event.kind else { return false }
        return event.text.contains("Scope.\(method)(")
    }
}
