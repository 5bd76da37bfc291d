import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 2.1 — OTP-7277, replayed
///
/// **The situation.** A game server keeps one pg2 group per regional lobby. A player's session
/// process sits in `eu-lobby`. A client bug sends "leave `us-lobby`" for the player, a lobby the
/// session never joined. Harmless, surely? Not if that leave is counted against the session's one
/// monitor: its total drops to zero, the monitor is released, and when the session later crashes
/// nobody hears of it — `eu-lobby` keeps matching real players against a dead process, for ever.
///
/// **Your task.** Write ``deathsAreNoticed(_:)`` below: a scenario that drives `node` (see
/// ``MembershipsUnderTest``) and returns `true` if every member that dies is removed from its
/// groups, `false` — or throws — if a dead pid stays listed. Edit only this function.
/// - The tests run it on chapter 2's own logic, where it must return `true`, and on two planted
///   copies that let a monitor go while its pid is still a member, where it must return `false`:
///   one is pg2's `leave` before the fix OTP-7277, the other a leave that gets the pid's total
///   wrong in its own way. Each is right about a pid that joins one group, stays, and dies.
/// - A death is only noticed through a monitor: after ``MembershipsUnderTest/kill`` returns, a
///   node that still watched the pid has already removed it.
///
/// **Why it matters in pg2.** OTP-7277 (Kernel 2.12.3, R12B-3) fixed a `leave` that assumed the
/// pid was a member (pg2 used links then; chapter 2 retells the bug with today's monitor counter).
/// The fix is in the shape of `leave_group`: it lowers the member counter first, inside a `try`,
/// and only a leave that found a member row goes on to lower the monitor's counter. pg2's own
/// suite replays the bug as one case of its basic test: create `a` and `b`, join `a`, leave `b`,
/// kill the process, and expect `a` to be empty.
///
/// **Hints:** `swift run workbook hint 2.1` (three levels).
public func deathsAreNoticed(_ node: MembershipsUnderTest) throws -> Bool {
    // TODO(2.1): drive the node until a monitor could go too early, then kill and look.
    throw TODO("2.1: write a scenario that passes chapter 2's logic and catches the two leaves that lose a monitor")
}
