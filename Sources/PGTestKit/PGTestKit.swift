import Cluster
import LocalTable
import PG

// # pg's test kit
//
// What chapter 7's tests and the final module's pg tests both read: a scope's members on every
// node. It reads the published table of the scope (``PG/ScopeClient``), which is what both
// chapter 7's scope and `ProcessGroups.Scope` answer from.

/// `get_members(group)` of scope `scope` on each node, sorted, by node name (a multiset: nodes may
/// order entries differently, rule R2). O(n + Σ k log k) for the n nodes and the group's k entries
/// on each: the sort (the read itself is O(1), or O(k) after a write).
public func sortedMembers(of group: GroupName, on nodes: [Node], scope: ScopeName = "pg") -> [NodeName: [Pid]] {
    Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, ScopeClient(scope, node: $0).members(of: group).sorted()) })
}
