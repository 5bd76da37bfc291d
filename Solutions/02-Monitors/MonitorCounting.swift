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
    // The row's presence, not the total, decides: a pid is monitored exactly while it has a row,
    // so a missing row is the only case that calls `monitor` (pg2: update_counter fails, then
    // do_monitor and two inserts).
    if var row = monitors.byPid[pid] {
        row.total += 1
        monitors.byPid[pid] = row
    } else {
        let ref = monitor(pid)
        monitors.byPid[pid] = MonitorRows.Row(ref: ref, total: 1)
        monitors.byRef[ref] = pid
    }
}
