import Cluster
import Monitors
import WorkbookSupport

/// ## Exercise 2.1 — One monitor per pid
///
/// **The situation.** A job queue keeps one pg2 group per kind of job, and each worker process
/// joins every queue it can serve: `resize`, `thumbnail`, `watermark` — some twice, to take two
/// jobs at a time. If the worker crashes, every queue must forget it. One way would be a monitor
/// per membership: four memberships, four monitors, four DOWNs for one crash. pg2 does better:
/// one monitor per worker, and a count of its memberships.
///
/// **Your task.** Implement ``countJoin(of:in:monitor:)`` below: the monitor half of one join of
/// `pid` (the member rows are someone else's job — chapter 1's `GroupRows.joinGroup`). Edit only
/// this function.
/// - If `monitors` has no row for `pid`, this is its first membership anywhere: call `monitor`
///   **once** to get a ref, and insert both rows — `monitors.byPid[pid]` with that ref and total 1,
///   and `monitors.byRef[ref] = pid`.
/// - Otherwise add 1 to the row's `total`, and do not call `monitor`.
/// - Afterwards each monitored pid's `total` is its memberships over all groups, and `byRef` is
///   exactly the inverse of `byPid` (the tests check both after every step).
///
/// **Why it matters in pg2.** This is the monitor half of pg2's `join_group`: it bumps the
/// counter of the `{ref, Pid}` row, and when there is no such row yet, it calls `do_monitor` and
/// inserts `{ref, Pid}` and `{ref, Ref}`. Call `monitor` at every join and a worker in four
/// queues holds four monitors, three of which no leave ever releases; forget the total and the
/// first leave releases the monitor while the worker is still queued elsewhere.
///
/// **Hints:** `swift run workbook hint 2.1` (two levels).
public func countJoin(of pid: Pid, in monitors: inout MonitorRows, monitor: (Pid) -> MonitorRef) throws {
    // TODO(2.1): take a monitor at the pid's first membership; afterwards, add 1 to its total.
    throw TODO("2.1: take one monitor at the pid's first membership, then count further memberships")
}
