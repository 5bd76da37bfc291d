import Cluster
import Exchange
import LocalTable
import WorkbookSupport

/// ## Exercise 6.2 — The merge
///
/// **The situation.** A node of a job-queue cluster was cut off for a minute. When it comes
/// back, a peer sends it its whole table of worker groups: every group, with every worker as
/// many times as it joined. The returning node must end up knowing everything the peer knows —
/// without forgetting anything it knows itself, and without counting twice what both knew.
///
/// **Your task.** Implement ``merge(_:into:)`` below: pg2's merge of a peer's table, over plain
/// ``LocalTable/GroupRows``. Edit only this function; do not call the chapter's `Merge.store` or
/// `Merge.difference` — this exercise is writing them.
/// - For every snapshot, make sure the group exists in `rows` (`rows.assureGroup`), even if the
///   snapshot lists no members.
/// - Then join (`rows.joinGroup`) each pid of `remote − local` — the snapshot's members minus
///   `rows.members(of:)`, with multiplicity. So each pid's count becomes max(local, remote).
/// - Remove nothing: groups and members only the local side knows stay as they are.
/// - `rows.checkInvariants()` must hold afterwards.
///
/// **Why it matters in pg2.** This is pg2's `store/1`, run by `handle_cast({exchange, …})` when
/// a peer's table arrives after `nodeup` or `new_pg2`: `assure_group` for each group, then
/// `join_group` for each pid of `Members -- group_members(Name)`: the peer's member list minus
/// this node's *whole* member list of the group, every pid it knows there wherever that pid lives
/// (not only chapter 1's "local members", the ones living on this node). Because it only ever
/// adds, a reconnect brings a node the creates and joins it missed — but a delete or leave it
/// missed is never applied to it; instead its table undoes that write on its peers: deleted groups
/// come back and leaves are undone (anomalies A1 and A2 of Chapters/PG2Rules.md).
///
/// **Hints:** `swift run workbook hint 6.2` (three levels).
public func merge(_ snapshots: [GroupSnapshot], into rows: inout GroupRows) throws {
    // TODO(6.2): for each snapshot, assure the group, then join each pid of remote − local.
    throw TODO("6.2: assure every group of the snapshots, then join each pid of remote minus local")
}
