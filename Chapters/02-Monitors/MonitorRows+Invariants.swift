import Cluster
import LocalTable

extension MonitorRows {
    /// Checks the monitor rows against the group rows they serve; throws the first violation.
    ///
    /// The rules: exactly one monitor row per distinct member pid, and no other; each row's
    /// total equals the pid's member counts summed over all groups; `byRef` is exactly the inverse
    /// of `byPid`. O(rows).
    public func checkInvariants(against rows: GroupRows) throws {
        var totals: [Pid: Int] = [:]
        for name in rows.memberCounts.keys.sorted() {
            for (pid, count) in rows.memberCounts[name]! { totals[pid, default: 0] += count }
        }
        guard Set(byPid.keys) == Set(totals.keys) else {
            throw InvariantViolation(
                rule: "monitored pids are exactly the member pids",
                detail: "monitored \(byPid.keys.sorted()), members \(totals.keys.sorted())")
        }
        for pid in totals.keys.sorted() where byPid[pid]!.total != totals[pid]! {
            throw InvariantViolation(
                rule: "a monitor's total is the pid's memberships",
                detail: "\(pid): total \(byPid[pid]!.total), memberships \(totals[pid]!)")
        }
        guard byRef.count == byPid.count, byPid.allSatisfy({ byRef[$0.value.ref] == $0.key }) else {
            throw InvariantViolation(rule: "one ref per monitored pid", detail: "byRef does not mirror byPid")
        }
    }
}

extension MonitorRows {
    /// Checks the rules of ``checkInvariants(against:)`` for `pids` only: each has a monitor row
    /// exactly when it is a member somewhere, with the right total, mirrored in `byRef`. This is
    /// what ``Memberships`` checks after every change in debug builds: the cost is that of the
    /// change, whatever the size of the table. O(the groups of `pids`).
    public func checkInvariants(of pids: [Pid], against rows: GroupRows) throws {
        for pid in pids {
            let total = (rows.pidIndex[pid] ?? []).reduce(0) { $0 + (rows.memberCounts[$1]?[pid] ?? 0) }
            guard let row = byPid[pid] else {
                guard total == 0 else {
                    throw InvariantViolation(
                        rule: "monitored pids are exactly the member pids", detail: "\(pid) is a member, unmonitored")
                }
                continue
            }
            guard total > 0 else {
                throw InvariantViolation(
                    rule: "monitored pids are exactly the member pids", detail: "\(pid) is monitored, not a member")
            }
            guard row.total == total else {
                throw InvariantViolation(
                    rule: "a monitor's total is the pid's memberships",
                    detail: "\(pid): total \(row.total), memberships \(total)")
            }
            guard byRef[row.ref] == pid else {
                throw InvariantViolation(rule: "one ref per monitored pid", detail: "byRef does not mirror \(pid)")
            }
        }
        guard byRef.count == byPid.count else {
            throw InvariantViolation(rule: "one ref per monitored pid", detail: "byRef does not mirror byPid")
        }
    }
}
