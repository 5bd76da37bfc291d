import Cluster
import LocalTable
import SingleNodeServer
import WorkbookSupport

/// ## Exercise 5.1 — Every node, at once
///
/// **The situation.** A multiplayer game runs its lobby on five nodes; each player's session
/// process joins the pg2 group of the lobby it enters, and the matchmaker on any node reads that
/// group to start a match. When "enter lobby" returns, every node must already list the player —
/// and the player is waiting for it. Asking the nodes one after another costs one round trip per
/// node; asking them all at once costs one round trip, however many nodes there are.
///
/// **Your task.** Implement ``joinEverywhere(_:_:from:)`` below: the middle round of a pg2 write,
/// the one that does the work. Edit only this function.
/// - The targets are this node and every node it is connected to, sorted:
///   `node.name` plus `node.connectedNodes`.
/// - Call `join(name, pid)` on the ``SingleNodeServer/PG2Server`` of every target **at once**,
///   with `node.multicall(targets, PG2Server.name, as: PG2Server.self) { … }` — it sends every
///   request before it waits for the first reply.
/// - Return the multicall's bad nodes (sorted; empty when everyone answered). A bad node is not
///   an error: do not throw for it.
/// - No lock here — that is exercise 5.2. When the function returns, every node that answered
///   lists `pid` in `name` (if it has the group: a server that lacks it skips the join).
///
/// **Why it matters in pg2.** This is the `gen_server:multi_call(?MODULE, {join, Name, Pid})`
/// inside pg2's `join/2`: the call to every node's pg2 server that makes a write visible
/// everywhere when it returns. pg2 ignores the result; returning the bad nodes lets you see them.
///
/// **Hints:** `swift run workbook hint 5.1` (three levels).
public func joinEverywhere(_ name: GroupName, _ pid: Pid, from node: Node) async throws -> [NodeName] {
    // TODO(5.1): one multicall of join to this node's and every connected node's pg2 server.
    throw TODO("5.1: multicall join to this node and every connected node, and return the bad nodes")
}
