import Cluster
import Exchange
import LocalTable
import Monitors
import MonitorsTestKit
import PG
import TestKit
import Testing

/// Starts scope `pg` on `node`: what `sim.cluster(_:running:)` runs on each node in these tests.
func startScope(on node: Node) throws { try Scope.start("pg", on: node) }

/// Scope `pg` as a caller on `node` sees it.
func pg(_ node: Node, _ scope: ScopeName = "pg") -> ScopeClient { ScopeClient(scope, node: node) }

/// The scope's state on `node`, for white-box checks.
func state(on node: Node, scope: ScopeName = "pg") async throws -> ScopeState {
    let actor = try node.resolve(Pid(named: scope, on: node.name), as: Scope.self)
    return try #require(await actor.whenLocal { $0.snapshot })
}

// MARK: Without a cluster

/// A fresh scope state for scope `pg` on node a.
func freshState() -> ScopeState {
    ScopeState(scope: "pg", me: Pid(named: "pg", on: "a"), table: ScopeTable(scope: "pg", localNode: "a"))
}

/// Pids for the tests without a cluster.
func pid(_ node: NodeName, _ serial: UInt64) -> Pid { Pid(node: node, serial: serial) }
