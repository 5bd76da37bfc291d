import Cluster
import LocalTable
import Monitors
import WorkbookSupport

/// ## Exercise 2.3 — When a member dies
///
/// **The situation.** A building's gateway keeps one pg2 group per kind of reading. Each
/// device's connection process joins `temperature` and `humidity`, and joins `alerts` twice, once
/// per alert rule it serves. A power cut takes a device down; its connection process crashes. The
/// node gets exactly one DOWN for it — and from that one message, every group must forget the
/// device, all four memberships of it, while the other devices stay where they are.
///
/// **Your task.** Implement ``memberDied(_:rows:monitors:demonitor:)`` below: the monitor `ref`
/// fired. Edit only this function.
/// - Find the pid through `monitors.byRef[ref]`. If there is no such row — the monitor was
///   released before its DOWN was handled, or the ref is not one of ours — change nothing.
/// - Otherwise leave every group the pid is in (`rows.groups(of:)`), as many times as its count
///   there (`rows.count(of:in:)`). Afterwards the pid is in no group and has no monitor row, and
///   `demonitor` was called once, with `ref`, by the last leave.
/// - Other pids keep their memberships and monitors; the groups stay, even if now empty.
/// - You may call your ``leave(_:_:rows:monitors:demonitor:)`` from exercise 2.2 (finish it
///   first), or do the work here.
///
/// **Why it matters in pg2.** This is pg2's `member_died`, which the server runs when a `'DOWN'`
/// arrives: it looks the ref up in the `{ref, Ref}` row and calls `leave_group` once per
/// membership of the pid. The last of those leaves releases the monitor that has just fired — a
/// harmless `demonitor`, and it removes the monitor rows by the ordinary path, so nothing leaks.
/// Skip a count, and the dead pid stays listed; skip the monitor rows, and the table never
/// becomes empty again.
///
/// **Hints:** `swift run workbook hint 2.3` (three levels).
public func memberDied(
    _ ref: MonitorRef, rows: inout GroupRows, monitors: inout MonitorRows,
    demonitor: (MonitorRef) -> Void
) throws {
    // One leave per membership, as pg2 does, rather than deleting the rows directly: the last
    // leave releases the monitor through the same code as any other leave, so the totals and
    // both monitor rows can never disagree.
    guard let pid = monitors.byRef[ref] else { return }
    for name in rows.groups(of: pid) {
        for _ in 0..<rows.count(of: pid, in: name) {
            _ = try leave(name, pid, rows: &rows, monitors: &monitors, demonitor: demonitor)
        }
    }
}
