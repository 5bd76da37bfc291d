import Cluster
import LocalTable
import PG
import TestKit
import Testing

// # A scope's views, and the check that ends a pg test
//
// Rule V1 of Chapters/PGRules.md, as chapter 7's tests and the final module's pg tests both check
// it: once messages settle, every node running a scope shows its own entries plus those of every
// node directly connected to it that runs the scope. Both read the scope's published table
// (``PG/ScopeClient``), which chapter 7's scope and `ProcessGroups.Scope` answer from.

/// What every node running `scope` shows, once messages settle, by rule V1: its own entries plus
/// those of every node directly connected to it that runs the scope — as multisets (sorted lists),
/// group by group; groups with no entry are left out. O(nodes² + entries).
public func expectedViews(_ nodes: [Node], scope: ScopeName = "pg") -> [NodeName: [GroupName: [Pid]]] {
    let running = nodes.filter { $0.isAlive && ScopeClient(scope, node: $0).table != nil }
    var own: [NodeName: [GroupName: [Pid]]] = [:]
    for node in running {
        let client = ScopeClient(scope, node: node)
        let groups = (try? client.whichLocalGroups()) ?? []
        own[node.name] = Dictionary(uniqueKeysWithValues: groups.map { ($0, client.localMembers(of: $0)) })
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

/// What every node running `scope` shows now, in the shape of ``expectedViews(_:scope:)``.
/// O(nodes + entries).
public func actualViews(_ nodes: [Node], scope: ScopeName = "pg") -> [NodeName: [GroupName: [Pid]]] {
    var views: [NodeName: [GroupName: [Pid]]] = [:]
    for node in nodes where node.isAlive {
        let client = ScopeClient(scope, node: node)
        guard client.table != nil else { continue }
        let groups = (try? client.whichGroups()) ?? []
        views[node.name] = Dictionary(
            uniqueKeysWithValues: groups.compactMap { group in
                let members = client.members(of: group)
                return members.isEmpty ? nil : (group, members.sorted())
            })
    }
    return views
}

/// Checks, inside `sim.run`, every running scope's invariants (`ScopeState.checkInvariants`); with
/// `settled`, also rule V1 (the views are what the links and the nodes' own members say). Leave
/// `settled` on only when nothing is in flight — after `sim.quiescence()`. Cost: one local call
/// per running scope, O(entries + peers + subscriptions) there; settled, O(nodes² + entries) more.
public func checkScopes(
    _ nodes: [Node], _ sim: Simulation, scope: ScopeName = "pg", settled: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    for node in nodes where node.isAlive && ScopeClient(scope, node: node).table != nil {
        do {
            try await ScopeClient(scope, node: node).checkInvariants()
        } catch {
            Issue.record("\(node): \(error) — \(sim.seedNote)", sourceLocation: sourceLocation)
        }
    }
    guard settled else { return }
    let (expected, actual) = (expectedViews(nodes, scope: scope), actualViews(nodes, scope: scope))
    #expect(
        actual == expected, sim.comment("rule V1: expected \(expected), got \(actual)"), sourceLocation: sourceLocation)
}

/// Quiesces the simulation, then runs ``checkScopes(_:_:scope:settled:sourceLocation:)`` in it.
/// Cost: as `sim.quiescence()` for all the work left, then the check's.
public func settleScopes(
    _ nodes: [Node], _ sim: Simulation, scope: ScopeName = "pg", sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    try await sim.quiescence()
    try await sim.run { try await checkScopes(nodes, sim, scope: scope, sourceLocation: sourceLocation) }
}
