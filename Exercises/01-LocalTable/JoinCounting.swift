import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 1.1 — Counting joins
///
/// **The situation.** A chat service keeps one pg2 group per room; each user's connection
/// process joins the room it opens. A user with the same room open in two browser tabs has one
/// connection process that joins `#general` twice — and when one tab closes, it must still be in
/// the room. So a membership is not a yes/no: it is a count.
///
/// **Your task.** Implement ``recordJoin(_:_:in:)`` below: one join of `pid` to the group `name`
/// in `rows`. Edit only this function.
/// - The first join of `pid` to `name` creates the member row with count 1
///   (`rows.memberCounts[name]![pid] == 1`), the reverse-index row (`rows.pidIndex[pid]` contains
///   `name`), and — if `pid` lives on `rows.localNode` — the local-member row.
/// - Every further join adds 1 to the count and touches nothing else.
/// - Return the new count. `rows.checkInvariants()` must hold afterwards.
/// - The group exists already (callers check); do not create it.
///
/// **Why it matters in pg2.** This is the member half of pg2's `join_group`: an
/// `ets:update_counter` on the `{member, Name, Pid}` row, and on its first failure (no row yet)
/// the inserts of the member, `local_member` and `pid` rows. Get it wrong and `get_members` lists
/// a pid the wrong number of times, or a dead member is never found by `member_died`.
///
/// **Hints:** `swift run workbook hint 1.1` (two levels).
public func recordJoin(_ name: GroupName, _ pid: Pid, in rows: inout GroupRows) throws -> Int {
    // TODO(1.1): count one join of `pid` to `name`, creating its rows on the first join.
    throw TODO("1.1: count one join of the pid to the group, creating its rows on the first join")
}
