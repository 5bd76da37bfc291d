import Cluster
import LocalTable
import Monitors
import SingleNodeServer

/// One group as the exchange ships it: its name and its member list, count-expanded and sorted
/// — one element of pg2's `all_members()`, `[Name, Members]`.
public struct GroupSnapshot: Hashable, Codable, Sendable {
    public var name: GroupName
    public var members: [Pid]

    public init(name: GroupName, members: [Pid]) {
        self.name = name
        self.members = members
    }

    /// Every group of `table`, sorted by name (pg2's `all_members`).
    public static func all(of table: GroupTable) -> [GroupSnapshot] {
        table.rows.allMembers.map { GroupSnapshot(name: $0.name, members: $0.members) }
    }
}

/// The merge: what a pg2 server does with a peer's table (pg2's `store`).
public enum Merge {
    /// `remote − local` as lists with multiplicity (Erlang's `--`): each element of `local`
    /// cancels one equal element of `remote`. `[p, p, q] − [p] = [p, q]`. O(r + l) expected: one
    /// pass over `local` to count its pids in a hash map, one pass over `remote` to cancel them.
    public static func difference(_ remote: [Pid], _ local: [Pid]) -> [Pid] {
        var unmatched: [Pid: Int] = [:]
        for pid in local { unmatched[pid, default: 0] += 1 }
        var result: [Pid] = []
        for pid in remote {
            if let count = unmatched[pid], count > 0 {
                unmatched[pid] = count - 1
            } else {
                result.append(pid)
            }
        }
        return result
    }

    /// pg2's `store`: for every group in `snapshots`, create it here if missing (even if empty),
    /// then join each pid of `remote − local`. So a pid's count becomes max(local, remote), new
    /// pids get monitors, and nothing is ever removed.
    public static func store(
        _ snapshots: [GroupSnapshot], into core: inout ServerCore, monitoring: some MonitorService
    ) {
        for snapshot in snapshots {
            core.create(snapshot.name)
            let missing = difference(snapshot.members, core.table.rows.members(of: snapshot.name))
            for pid in missing { core.join(snapshot.name, pid, monitoring: monitoring) }
        }
    }
}
