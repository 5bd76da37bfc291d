import Cluster
import LocalTable

/// pg2's membership logic: the table of chapter 1 plus one ref-counted monitor per member.
///
/// This is the part of pg2 that decides *when to monitor*: `join_group` takes a monitor at a
/// pid's first membership anywhere and bumps a counter after that; `leave_group` drops the
/// counter and releases the monitor at zero; `member_died` turns one DOWN into a leave of every
/// membership. It performs no I/O of its own — monitors are started and stopped through a
/// ``MonitorService`` — so every rule can be tested without a cluster.
///
/// It is a class that owns its table, as pg2's server owns `pg2_table`: the group rows (``table``,
/// which readers share) and the monitor rows (``monitors``, its own) change together, through
/// these methods only, so they cannot drift apart. The pg2 server (chapter 3) holds one and calls
/// it from its handlers, one at a time.
///
/// Invariants (``checkInvariants()``), beyond the table's own: exactly one monitor row per
/// distinct member pid, and no other; each row's total equals the pid's member counts summed over
/// all groups; `byRef` is exactly the inverse of `byPid`. Debug builds check them after every
/// change, for the pids it touched.
public final class Memberships {
    /// The group rows, published for readers.
    public let table: GroupTable
    /// The monitor rows; only the owner (the pg2 server) reads them.
    public private(set) var monitors = MonitorRows()

    /// Memberships over `table`, which must be empty; from now on only these memberships write it.
    /// O(1).
    public init(table: GroupTable) { self.table = table }

    /// Memberships over a new, empty table for `localNode`.
    /// O(1).
    public convenience init(localNode: NodeName) { self.init(table: GroupTable(localNode: localNode)) }

    /// `assure_group`: creates `name` if it is missing. O(1).
    public func create(_ name: GroupName) {
        table.assureGroup(name)
    }

    /// `join_group`: one join of `pid` to `name`, monitoring `pid` if this is its first
    /// membership anywhere — if the group exists here; otherwise nothing (pg2's server checks
    /// `ets:member(pg2_table, {group, Name})` first, and the caller still gets ok).
    /// - Complexity: O(log g) for g groups (the table's write), whatever the group's size.
    public func join(_ name: GroupName, _ pid: Pid, monitoring: some MonitorService) {
        guard table.hasGroup(name) else { return }
        countJoin(pid, monitoring: monitoring)
        table.joinGroup(name, pid)
        checkMonitors(of: [pid])
    }

    /// One join per element of `pids`, in order, as a single write, if the group exists here:
    /// what the merge of chapter 6 does with the members a peer knows and this node lacks.
    /// Readers see all of them or none.
    /// - Complexity: O(k) for k pids.
    public func join(_ name: GroupName, all pids: [Pid], monitoring: some MonitorService) {
        guard !pids.isEmpty, table.hasGroup(name) else { return }
        for pid in pids { countJoin(pid, monitoring: monitoring) }
        table.write { rows, touch in
            for pid in pids {
                touch(name, pid)
                rows.joinGroup(name, pid)
            }
        }
        checkMonitors(of: pids)
    }

    /// `leave_group`: one leave of `pid` from `name`.
    ///
    /// If `pid` is not a member of `name` (or there is no such group), nothing changes — in
    /// particular the monitor total is left alone. OTP-7277 fixed a pg2 `leave` that assumed the
    /// pid was a member (pg2 used links then); retold with today's counter, such a leave would drop
    /// the total below the pid's real memberships; at zero the monitor would go, and when the
    /// process later died, no DOWN would come, and it would stay a member for ever.
    /// - Returns: whether a membership was removed.
    /// - Complexity: O(log g) for g groups (the table's write), whatever the group's size.
    @discardableResult
    public func leave(_ name: GroupName, _ pid: Pid, monitoring: some MonitorService) -> Bool {
        guard table.leaveGroup(name, pid) != nil else { return false }
        countLeaves(pid, 1, monitoring: monitoring)
        checkMonitors(of: [pid])
        return true
    }

    /// `member_died`: the monitor `ref` fired, so its pid leaves every group, once per count.
    ///
    /// pg2 does it one leave at a time; the end state is the same when every membership of the
    /// pid goes in one write, which is what this does: one batch over the pid's groups.
    /// A DOWN for a monitor already released (the pid left everything just before it died) finds
    /// no row and changes nothing; pg2 avoids that case by flushing on demonitor.
    /// - Complexity: O(g) for the pid's g groups, whatever their sizes.
    public func memberDied(_ ref: MonitorRef, monitoring: some MonitorService) {
        membersDied([ref], monitoring: monitoring)
    }

    /// ``memberDied(_:monitoring:)`` for many DOWNs at once, as one write: what a node does when a
    /// peer holding thousands of members goes away and their DOWNs (`noconnection`) arrive
    /// together. pg.erl batches the same way (its `leave_monitors` handles a list of pids).
    /// Refs are handled in order; unknown ones are skipped.
    /// - Complexity: O(total groups of the dead pids), one write whatever their number.
    public func membersDied(_ refs: [MonitorRef], monitoring: some MonitorService) {
        let pids = refs.compactMap { monitors.byRef[$0] }
        guard !pids.isEmpty else { return }
        let removed = table.write { rows, touch in
            pids.map { pid in
                var total = 0
                for name in rows.groups(of: pid) {
                    touch(name, pid)
                    total += rows.removeMember(name, pid)
                }
                return total
            }
        }
        for (pid, count) in zip(pids, removed) { countLeaves(pid, count, monitoring: monitoring) }
        checkMonitors(of: pids)
    }

    /// `delete_group`: every member leaves once per count (releasing monitors), then the group
    /// goes — as one write, so readers see the group whole or gone.
    /// - Complexity: O(m log m) for the group's m distinct members (monitors are released in
    ///   pid order, which keeps traces the same for a seed).
    public func delete(_ name: GroupName, monitoring: some MonitorService) {
        guard table.hasGroup(name) else { return }
        let leaves = table.deleteGroup(name)  // sorted, one entry per leave
        var start = leaves.startIndex
        while start < leaves.endIndex {
            var end = start + 1
            while end < leaves.endIndex, leaves[end] == leaves[start] { end += 1 }
            countLeaves(leaves[start], end - start, monitoring: monitoring)
            start = end
        }
        checkMonitors(of: leaves)
    }

    // MARK: The monitor rows

    /// The monitor half of a join: take the pid's monitor at its first membership, else count.
    private func countJoin(_ pid: Pid, monitoring: some MonitorService) {
        if var row = monitors.byPid[pid] {
            row.total += 1
            monitors.byPid[pid] = row
        } else {
            let ref = monitoring.monitor(pid)
            monitors.byPid[pid] = MonitorRows.Row(ref: ref, total: 1)
            monitors.byRef[ref] = pid
        }
    }

    /// The monitor half of `count` leaves of `pid`: release the monitor when its total reaches 0.
    private func countLeaves(_ pid: Pid, _ count: Int, monitoring: some MonitorService) {
        guard count > 0, var row = monitors.byPid[pid] else { return }
        row.total -= count
        if row.total > 0 {
            monitors.byPid[pid] = row
        } else {
            monitors.byPid[pid] = nil
            monitors.byRef[row.ref] = nil
            monitoring.demonitor(row.ref)
        }
    }

    /// In debug builds, stops the program if a change broke the monitor invariants for `pids`,
    /// the pids it touched (``MonitorRows/checkInvariants(of:against:)``); the table checks its
    /// own rows itself. O(the groups of `pids`). Release builds skip it.
    private func checkMonitors(of pids: [Pid]) {
        #if DEBUG
            do {
                try table.withRows { try monitors.checkInvariants(of: pids, against: $0) }
            } catch {
                preconditionFailure("a change broke the monitor rows: \(error)")
            }
        #endif
    }

    // MARK: Checks

    /// Checks the table's invariants and the monitor rows against them, over the whole table.
    /// O(rows).
    public func checkInvariants() throws {
        try table.checkInvariants()
        try table.withRows { try monitors.checkInvariants(against: $0) }
    }

    /// Whether nothing at all is left: no group, no member, no monitor.
    public var isEmpty: Bool { table.withRows(\.isEmpty) && monitors.isEmpty }
}
