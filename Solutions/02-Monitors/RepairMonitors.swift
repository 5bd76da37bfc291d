import Cluster
import LocalTable
import Monitors
import WorkbookSupport

/// ## Exercise 2.4 — Repairing the monitors
///
/// **The situation.** A chat service ran a pg2 with the OTP-7277 bug for months, and other bugs in
/// its monitor bookkeeping besides. Its group rows are right — every join and leave was counted —
/// but its monitor rows are not: some members lost their monitor (their deaths would go unnoticed),
/// some monitors outlived their memberships, some totals are off, and a few monitors were taken
/// twice. Restarting the node would lose every membership. Instead, the new code repairs the
/// monitor rows in place when it is loaded.
///
/// **Your task.** Write ``repairMonitors(_:against:monitor:demonitor:)`` below: make `monitors`
/// right for `rows` again, taking and releasing monitors through the two functions. Edit only
/// this function; `rows` is right, leave it as it is.
/// - Afterwards `monitors.checkInvariants(against: rows)` holds: one row per member pid, and no
///   other; each total is the pid's counts summed over all its groups; `byRef` is the exact
///   inverse of `byPid`.
/// - A member pid that has a `byPid` row keeps that row's ref — its monitor is live; replacing it
///   would only churn. A member pid with no row gets a new monitor: call `monitor` once for it.
///   Take the new monitors in ascending pid order.
/// - Every ref of the old rows (in `byPid` or in `byRef`) that the repaired rows no longer hold is
///   released: call `demonitor` once for it, in ascending ref order.
/// - Rows that are already right cause no call at all.
///
/// **Why it matters in pg2.** pg2's table and its monitors are one piece of state with two halves,
/// and `join_group`, `leave_group` and `member_died` keep them in step one change at a time; once
/// they drift apart, nothing in pg2 brings them back — a member without a monitor stays listed after
/// its death for as long as the node runs. A gen_server can repair its state on a code upgrade
/// (`code_change/3`); pg2 defines none. Taking monitors in a fixed order matters here too:
/// the workbook's simulations replay a seed only if no step depends on a dictionary's order.
///
/// **Hints:** `swift run workbook hint 2.4` (three levels).
public func repairMonitors(
    _ monitors: inout MonitorRows, against rows: GroupRows,
    monitor: (Pid) -> MonitorRef, demonitor: (MonitorRef) -> Void
) throws {
    // The group rows decide who needs a monitor and with what total; the old monitor rows only
    // offer refs to keep. Build the new rows first, then release every old ref they do not hold.
    // Both loops run in sorted order, so that the calls are the same from run to run.
    var totals: [Pid: Int] = [:]
    for counts in rows.memberCounts.values {
        for (pid, count) in counts { totals[pid, default: 0] += count }
    }
    var repaired = MonitorRows()
    for pid in totals.keys.sorted() {
        let ref = monitors.byPid[pid]?.ref ?? monitor(pid)
        repaired.byPid[pid] = MonitorRows.Row(ref: ref, total: totals[pid]!)
        repaired.byRef[ref] = pid
    }
    let old = Set(monitors.byPid.values.map(\.ref)).union(monitors.byRef.keys)
    for ref in old.subtracting(repaired.byRef.keys).sorted() { demonitor(ref) }
    monitors = repaired
}
