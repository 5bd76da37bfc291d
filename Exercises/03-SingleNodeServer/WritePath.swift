import Cluster
import LocalTable
import SingleNodeServer
import WorkbookSupport

/// ## Exercise 3.2 — The write path
///
/// **The situation.** A chat service adds each user's connection process to the pg2 group of
/// every room the user opens. Rooms are created by moderators; a client that asks to enter a room
/// nobody created must get a clear "no such room" — and that answer should cost nothing: the
/// server that serialises every write on the node is the bottleneck, and a request it would only
/// reject has no business in its queue.
///
/// **Your task.** Implement ``join(_:_:on:)`` below: the caller's side of pg2's `join` on one
/// node. Edit only this function.
/// - Make sure the node's pg2 server is running: ``SingleNodeServer/PG2Server/ensureStarted(on:)``
///   returns it, starting it if needed.
/// - Read the node's table, `node.table(PG2Server.tableName, as: GroupTable.self)` (it is `nil`
///   only on a crashed node: throw ``Cluster/CallError/noconnection(_:)`` with the node's name).
/// - If the group is not in the table, throw ``PG2Error/noSuchGroup(_:)`` **without calling the
///   server**.
/// - Otherwise call the server: `try await server.join(name, pid)`. Any pid may join, of any node,
///   alive or not — the server's monitor takes care of dead ones.
///
/// **Why it matters in pg2.** This is pg2's `join/2`: `ensure_started`, then an `ets:member`
/// check for the `{group, Name}` row *in the caller*, and only then `global:trans` around a
/// `gen_server:multi_call` to every node's server (chapters 4–5). On one node that amounts to one
/// call to the local server, which is all chapter 3 keeps. Checking
/// first is what keeps a mistyped group name from ever taking a cluster-wide lock.
///
/// **Hints:** `swift run workbook hint 3.2` (two levels).
public func join(_ name: GroupName, _ pid: Pid, on node: Node) async throws {
    // TODO(3.2): start the server, check the group in the table, then call the server's join.
    throw TODO("3.2: ensure the server, throw noSuchGroup for a missing group, else call the server")
}
