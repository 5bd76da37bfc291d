import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 1.1 — Spot the broken table
///
/// **The situation.** A chat service keeps one pg2 group per room, and someone has offered a
/// faster table. Before any rewrite of the table ships, you want one check that every candidate
/// must pass: drive the table through joins and leaves, read it back, and say whether it still
/// keeps pg2's rules. A check is only as good as the sequences it tries: a table can be right for
/// one join per pid and wrong for two, and a leave can look right in the member list while it
/// leaves behind a row that only another read shows.
///
/// **Your task.** Write ``looksLikePG2sTable(_:)`` below: a scenario that drives `table` (see
/// ``TableUnderTest``) and returns `true` if everything it saw is what pg2's table does, and
/// `false` — or throws — as soon as something is not. Edit only this function.
/// - The tests run it on chapter 1's own table, where it must return `true`, and on four planted
///   copies of that table, where it must return `false`. Each copy has one bug and is right about
///   everything else: one miscounts repeated joins, one miscounts leaves, one keeps a reverse-index
///   row it should remove, one gets the local-member rows wrong.
/// - Make up pids with `Pid(node:serial:)`, of `table.node` and of another node; every write and
///   read you need is a closure of `table`.
/// - Compare whole lists (`table.members("g") == [p, p]`), not only their lengths.
///
/// **Why it matters in pg2.** pg2's `join_group` and `leave_group` keep four kinds of row in
/// step — the member counter, the `local_member` row, the `pid` row, and (chapter 2) the monitor
/// counter — and each read trusts a different one: `get_members` the counters,
/// `get_local_members` the local rows, `member_died` the `pid` rows (through `member_groups`).
/// That is why OTP's suite checks the whole table after every step of its tests. A scenario that
/// catches these four bugs is the test a rewrite of the table has to face.
///
/// **Hints:** `swift run workbook hint 1.1` (three levels).
public func looksLikePG2sTable(_ table: TableUnderTest) throws -> Bool {
    // TODO(1.1): drive the table, read it back, return whether it keeps pg2's rules.
    throw TODO("1.1: write a scenario that passes chapter 1's table and catches the four broken ones")
}
