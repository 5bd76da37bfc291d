import Cluster
import GlobalLock
import WorkbookSupport

/// One attempt to set a lock on `nodes`, made from `node` for `holder`: whether the lock is now
/// held. global's attempt is one (``globalAttempt``); the tests plant others.
public typealias LockAttempt =
    @Sendable (_ id: LockID, _ holder: Pid, _ nodes: [NodeName], _ node: Node) async throws -> Bool

/// global's own attempt (chapter 4's ``GlobalLock/Global/attempt(_:holder:on:)``) as a ``LockAttempt``.
public let globalAttempt: LockAttempt = { id, holder, nodes, node in
    try await Global(node: node).attempt(id, holder: holder, on: nodes)
}

/// ## Exercise 4.1 — All or nothing, or not?
///
/// **The situation.** A chat service locks a room on every node before it renames it. A colleague
/// finds the lock slow under contention and proposes two "improvements" to the attempt: keep the
/// grants you got when some node refuses, so the next try has less to ask for; or count the room
/// as locked once most nodes said yes, as a quorum would. Before anyone argues, you want a
/// scenario that tells an attempt that is all or nothing from one that is not.
///
/// **Your task.** Write ``isAllOrNothing(_:seed:)``: a scenario, in a simulation of your own
/// (`Simulation(seed: seed)`), that drives `attempt` and answers whether it is all or nothing —
/// `true` when a refused attempt reports failure *and* leaves nothing held for its holder on any
/// node. Edit only this function.
/// - Start a lock server on every node of your cluster (`LockServer.ensureStarted(on:)`).
/// - Make the attempt under test only through `attempt`. Arrange the refusals yourself, by
///   talking to one node's lock server directly (`setLock(_:holder:)` for another requester).
/// - Read what each server holds with `requester(of:)`. Run async work inside
///   `try await sim.run { … }`, never in a bare `Task`.
///
/// The tests run your scenario against global's attempt — it must answer `true` — and against two
/// planted imitations, one of each of the colleague's ideas, for which it must answer `false`.
/// A scenario that cannot see one of them fails.
///
/// **Why it matters in pg2.** Every pg2 write runs inside `global:trans`, and each try of it is
/// global's `set_lock_on_nodes`: ask every node at once, and if any said no (`check_replies`),
/// give back what the others granted before sleeping and trying again. Keep the grants, and two
/// writers that each hold part of the cluster wait for each other for ever; grant on a majority,
/// and the node that refused still has its own holder — two writers inside one group at once.
///
/// **Hints:** `swift run workbook hint 4.1` (three levels).
public func isAllOrNothing(_ attempt: @escaping LockAttempt, seed: UInt64) async throws -> Bool {
    // TODO(4.1): make some nodes refuse, attempt through `attempt`, then look at every lock server.
    throw TODO("4.1: write a scenario that makes an attempt meet a refusal and checks what is left held")
}
