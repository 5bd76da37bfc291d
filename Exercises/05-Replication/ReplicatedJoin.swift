import Cluster
import GlobalLock
import LocalTable
import SingleNodeServer
import WorkbookSupport

/// ## Exercise 5.2 — A write, whole
///
/// **The situation.** A support desk routes each customer chat to the agents in a pg2 group per
/// team, and agents come and go from consoles attached to different nodes. An agent who clicks
/// "available" and then "away" in quick succession sends a join and a leave for the same pid,
/// handled on two different nodes. Unless the two writes are ordered the same way on every node,
/// one node may apply the leave first (a no-op, the agent is not a member yet) and then the join,
/// while another does the opposite — and the nodes disagree about whether the agent is there.
///
/// **Your task.** Implement ``replicatedJoin(_:_:from:)`` below: pg2's whole `join` in a
/// cluster. Edit only this function, and do not call ``Replication/ReplicatedPG2`` — write it.
/// - Make sure this node's pg2 server runs (``SingleNodeServer/PG2Server/ensureStarted(on:)``).
/// - Check the group in this node's table, `node.table(PG2Server.tableName, as: GroupTable.self)`
///   (`nil` only on a crashed node: throw ``Cluster/CallError/noconnection(_:)``). If the group
///   is not there, throw ``PG2Error/noSuchGroup(_:)`` — before any lock, without any message.
/// - Otherwise take the group's lock and, while holding it, call `join` on the pg2 server of this
///   node and every connected node at once (exercise 5.1's multicall):
///   `try await Global(node: node).trans("pg2:\(name)") { … }`. The resource must be exactly
///   `"pg2:<name>"`, so that your writes and every other pg2 writer's exclude each other.
/// - Bad nodes do not make the join fail.
///
/// **Why it matters in pg2.** This is pg2's `join/2`: `ensure_started`, the `ets:member` check for
/// the group, then `global:trans({{pg2, Name}, self()}, fun() -> gen_server:multi_call(…) end)`.
/// The lock is what makes two writes to one group apply in the same order on every node (rule 10
/// of Chapters/PG2Rules.md); `trans` releases it on every node afterwards, even if the body throws.
///
/// **Hints:** `swift run workbook hint 5.2` (three levels).
public func replicatedJoin(_ name: GroupName, _ pid: Pid, from node: Node) async throws {
    // TODO(5.2): ensure the server, check the group locally, then lock "pg2:<name>" and multicall join.
    throw TODO("5.2: check the group locally, then lock pg2:<name> with Global.trans and multicall join")
}
