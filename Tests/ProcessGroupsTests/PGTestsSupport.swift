import PGTestKit
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
