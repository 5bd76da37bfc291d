import Cluster
import GlobalLock
import LocalTable
import Replication
import SingleNodeServer
import WorkbookSupport

/// ## Exercise 5.3 — Moving a member
///
/// **The situation.** A multiplayer game keeps each lobby's players in a pg2 group `waiting`,
/// and moves a player to `playing` when a match starts — and back when it ends. Done as a leave
/// and then a join, another writer can come in between: a matchmaker that counts `waiting` and
/// `playing` under their locks sees a player in neither. The move must hold both groups' locks
/// while it changes them. But two moves in opposite directions, each holding one lock and asking
/// for the other, would wait for each other for ever.
///
/// **Your task.** Implement ``move(_:from:to:on:)``: move `pid` from group `source` to group
/// `target` — one leave of `source`, one join of `target` — on `node` and every node connected to
/// it. Edit only this function.
/// - Every node runs chapter 3's ``SingleNodeServer/PG2Server`` and a lock server. Both groups
///   must exist in this node's table (`node.table(PG2Server.tableName, as: GroupTable.self)`);
///   otherwise throw ``LocalTable/PG2Error/noSuchGroup(_:)`` for the missing one (`source`
///   first), before any lock or message.
/// - Hold both groups' locks — the resources ``Replication/ReplicatedPG2/lockResource(_:)``, so
///   that every other pg2 write to either group waits for the move — while you call the servers,
///   and release both afterwards, also when something throws.
/// - Two moves started at once in opposite directions must both finish.
/// - Call every node's server at once, as a pg2 write does; a node that does not answer does not
///   fail the move. `source` and `target` are different groups.
///
/// **Why it matters in pg2.** Each pg2 write takes exactly one lock, `{pg2, Name}`, through
/// `global:trans`, and so can never deadlock. global's lock does not queue a waiter: `set_lock`
/// retries with backoff until it gets the lock, while holding whatever it already has — so two
/// callers that each hold one lock and retry for the other never stop. Taking two locks safely
/// needs one rule every caller follows.
///
/// **Hints:** `swift run workbook hint 5.3` (three levels).
public func move(_ pid: Pid, from source: GroupName, to target: GroupName, on node: Node) async throws {
    // TODO(5.3): check both groups here, then lock both in an order every mover agrees on, and call every server.
    throw TODO("5.3: move pid from source to target on every node, holding both groups' locks")
}
