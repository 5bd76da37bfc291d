import Cluster
import Exchange
import GlobalLock
import LocalTable
import Replication
import WorkbookSupport

/// ## Exercise 6.3 — Reproduce A1 yourself
///
/// **The situation.** An operator retires a pg2 group, `"billing-v1"`, with `pg2:delete` —
/// during a network split nobody had noticed. Minutes later the group is back on every node,
/// and the bug report says "delete doesn't work". Before anyone can argue about it, someone must
/// reproduce it: a scenario that runs the same way every time and shows the group coming back.
///
/// **Your task.** Implement ``deletedGroupComesBack(seed:)`` below: write that scenario in a
/// simulation of your own. Edit only this function.
/// - Make `Simulation(seed: seed)` with two or three nodes; on each start the complete pg2
///   server and a lock server (`ExchangeServer.ensureStarted(on:)`,
///   `LockServer.ensureStarted(on:)`).
/// - Through `ReplicatedPG2<ExchangeServer>(node:)`, create the group `"g"` while all nodes are
///   connected, and let it settle.
/// - Partition the nodes (`sim.partition`) so that at least one node is on each side, and
///   delete `"g"` from one side.
/// - Record every node's `whichGroups()` (by node name): that is `afterDelete`.
/// - Heal, let everything run out (`sim.quiescence()`), record again: that is `afterHeal`.
/// - Run async work inside `try await sim.run { … }`, never in a bare `Task`.
///
/// The tests are your evidence: they check that after the delete one side lacks `"g"` while the
/// other still has it, and that after the heal every node has `"g"` again.
///
/// **Why it matters in pg2.** pg2's `delete/1` locks and multi-calls only the nodes the caller
/// can see. When the partition heals, each side's pg2 server casts its whole table to the other
/// (`handle_info({nodeup, …})`), and `store/1` runs `assure_group` for every group it lists — it
/// cannot tell "deleted over there" from "never heard of". OTP's `pg` has no delete at all:
/// a group exists exactly while it has members.
///
/// **Hints:** `swift run workbook hint 6.3` (three levels).
public func deletedGroupComesBack(seed: UInt64) async throws
    -> (afterDelete: [NodeName: [GroupName]], afterHeal: [NodeName: [GroupName]])
{
    // TODO(6.3): create "g", partition, delete it on one side, record, heal, record again.
    throw TODO("6.3: create g, partition, delete g on one side, record which_groups, heal, record again")
}
