import Cluster
import LocalTable
import Monitors
import WorkbookSupport

/// ## Exercise 2.2 — Leaving without breaking the monitor (OTP-7277)
///
/// **The situation.** A game server keeps one pg2 group per regional lobby. A player's session
/// process sits in `eu-lobby`. A client bug sends "leave `us-lobby`" for the player, a lobby the
/// session never joined. Harmless, surely? Not if the leave is counted against the session's one
/// monitor: its total drops to zero, the monitor is released, and when the session later crashes
/// nobody hears of it — `eu-lobby` keeps matching real players against a dead process, for ever.
///
/// **Your task.** Implement ``leave(_:_:rows:monitors:demonitor:)`` below: one leave of `pid` from
/// the group `name`. Edit only this function.
/// - If `pid` is not a member of `name` (or there is no such group): return `false` and change
///   **nothing** — not the rows, not the monitor total, and do not call `demonitor`.
/// - Otherwise remove one membership from the rows (chapter 1's `rows.leaveGroup` does exactly
///   that, and its result tells you whether there was one), subtract 1 from the pid's monitor
///   `total`, and return `true`.
/// - When the total reaches 0, the pid has no membership left anywhere: remove both of its
///   monitor rows (`byPid` and `byRef`) and call `demonitor` with its ref, once.
///
/// **Why it matters in pg2.** This is pg2's `leave_group`. The order of its two halves is the
/// whole point of OTP-7277 (a fix to pg2's `leave`, made when pg2 still used links; retold here with monitors): the member rows are updated first, and only a
/// leave that really removed a membership goes on to touch the monitor's counter. pg2's own test
/// suite replays the bug — join group a, leave group b, kill the process — and checks that a is
/// empty afterwards.
///
/// **Hints:** `swift run workbook hint 2.2` (three levels).
public func leave(
    _ name: GroupName, _ pid: Pid, rows: inout GroupRows, monitors: inout MonitorRows,
    demonitor: (MonitorRef) -> Void
) throws -> Bool {
    // TODO(2.2): leave once if `pid` is a member; count it down and release the monitor at zero.
    throw TODO("2.2: leave once if the pid is a member, count its monitor down and release it at zero")
}
