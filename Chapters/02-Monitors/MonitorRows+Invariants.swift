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
