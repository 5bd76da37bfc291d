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
    // One local and one remote pid, one of them in two groups. Every kind of row is written,
    // counted past 1, counted down and removed, and each step is read back through the read
    // that trusts that row: members (the counts), localMembers (the local rows), groups (the
    // reverse index).
    let here = Pid(node: table.node, serial: 1)
    let there = Pid(node: NodeName(table.node.rawValue + "-peer"), serial: 1)
    table.create("room")
    table.create("lobby")
    table.join("room", here)
    table.join("room", here)
    table.join("room", there)
    table.join("lobby", here)
    guard table.members("room") == [here, here, there].sorted(), table.localMembers("room") == [here, here],
        table.groups(here) == ["lobby", "room"], table.groups(there) == ["room"]
    else { return false }

    table.leave("room", here)  // the first of two copies: one stays, and so do its rows
    guard table.members("room") == [here, there].sorted(), table.localMembers("room") == [here],
        table.groups(here) == ["lobby", "room"]
    else { return false }

    table.leave("room", here)  // the last copies: every row of both memberships must go
    table.leave("room", there)
    return table.members("room") == [] && table.localMembers("room") == []
        && table.groups(here) == ["lobby"] && table.groups(there) == []
}
