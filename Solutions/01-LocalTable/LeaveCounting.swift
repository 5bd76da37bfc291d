import Cluster
import LocalTable
import WorkbookSupport

/// ## Exercise 1.2 — Leaving by one
///
/// **The situation.** A job queue keeps its worker pool as a pg2 group, `jobs`. A worker process
/// that can run two jobs at a time joins `jobs` twice, so dispatchers see it twice and hand it
/// twice the work. When one of its slots goes busy it leaves once — and must stay in the pool with
/// its other slot. When the last slot goes busy it leaves again, and now it must be gone without a
/// trace: a leftover reverse-index row would make a later crash look like the death of a member.
///
/// **Your task.** Implement ``recordLeave(_:_:in:)`` below: one leave of `pid` from the group
/// `name` in `rows`. Edit only this function.
/// - A member with count above 1 keeps every row; its count drops by one. Return the new count.
/// - A member with count 1 loses its member row, its local-member row (if `pid` lives on
///   `rows.localNode`) and its reverse-index row (`name` leaves `rows.pidIndex[pid]`). Containers
///   that become empty go too — no empty member map, no empty local set, no empty index entry:
///   `rows.checkInvariants()` rejects them. Return 0.
/// - A pid that is not a member of `name` (or a group that does not exist) changes **nothing**:
///   return `nil`, and `rows` must compare equal to what it was.
///
/// **Why it matters in pg2.** This is the member half of pg2's `leave_group`: an
/// `ets:update_counter` of −1 on the `{member, Name, Pid}` row, and at zero the deletes of the
/// member, `local_member` and `pid` rows. The `nil` for a non-member is how chapter 2 avoids the
/// kind of bug fixed in OTP-7277 (a `leave` that assumed the pid was a member; pg2 used links
/// then): retold with monitors, a leave from a group the pid was not in would count down its
/// monitor, the monitor would go although another membership needed it, and when the pid died it
/// would stay listed in that other group.
///
/// **Hints:** `swift run workbook hint 1.2` (three levels).
public func recordLeave(_ name: GroupName, _ pid: Pid, in rows: inout GroupRows) throws -> Int? {
    // Nothing is written before we know `pid` is a member: a leave of a non-member must leave
    // every row alone. Empty containers are dropped so that a group whose last member left equals
    // a group nobody ever joined — `==` on the rows, and the invariant checker, rely on that.
    guard let count = rows.memberCounts[name]?[pid] else { return nil }
    if count > 1 {
        rows.memberCounts[name]![pid] = count - 1
        return count - 1
    }
    rows.memberCounts[name]!.removeValue(forKey: pid)
    if rows.memberCounts[name]!.isEmpty { rows.memberCounts.removeValue(forKey: name) }
    if rows.localMembers[name]?.remove(pid) != nil, rows.localMembers[name]!.isEmpty {
        rows.localMembers.removeValue(forKey: name)
    }
    if rows.pidIndex[pid]?.remove(name) != nil, rows.pidIndex[pid]!.isEmpty {
        rows.pidIndex.removeValue(forKey: pid)
    }
    return 0
}
