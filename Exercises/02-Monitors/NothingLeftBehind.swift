import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 2.2 — Nothing left behind
///
/// **The situation.** A building's gateway keeps one pg2 group per kind of reading. Each device's
/// connection process joins `temperature` and `humidity`, and joins `alerts` twice, once per alert
/// rule it serves. Devices come and go all day: power cuts kill their processes, rooms are
/// rewired and groups deleted. After a year, the gateway must hold exactly the monitors its live
/// members need — one per member process — and no dead process may linger in any group.
///
/// **Your task.** Write ``leavesNothingBehind(_:)`` below: a scenario that drives `node` (see
/// ``MembershipsUnderTest``) and returns `true` if deaths and deletes leave nothing behind,
/// `false` — or throws — if they do. Edit only this function.
/// - The tests run it on chapter 2's own logic, where it must return `true`, and on four planted
///   copies, where it must return `false`. Each gets one thing wrong and all else right: one
///   monitors a pid more than once, one removes a dead pid incompletely, one forgets a dead pid's
///   monitor rows, one deletes a group without releasing monitors.
/// - ``MembershipsUnderTest/monitored`` shows the node's live monitors, one entry per monitor.
/// - A bug in the rows does not always show at once. What does a forgotten row do to the *next*
///   join of that pid — remembering that pg2 lets a dead pid join (rule 13 of
///   Chapters/PG2Rules.md)?
///
/// **Why it matters in pg2.** `join_group` takes a monitor only when it finds no `{ref, Pid}` row;
/// `member_died` calls `leave_group` once per entry of the pid's member lists, and the last of
/// those leaves removes the ref rows; `delete_group` also leaves once per entry. Invariant 6 of
/// Chapters/PG2Rules.md — once every group is deleted and every member has died, the table is
/// empty — is what OTP's suite checks at the end of each case of its basic test.
///
/// **Hints:** `swift run workbook hint 2.2` (three levels).
public func leavesNothingBehind(_ node: MembershipsUnderTest) throws -> Bool {
    // TODO(2.2): check the monitors and the lists after joins, a death, a rejoin and a delete.
    throw TODO("2.2: write a scenario that passes chapter 2's logic and catches the four that leave something behind")
}
