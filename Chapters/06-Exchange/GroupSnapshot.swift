import Cluster
import LocalTable
import Monitors
import SingleNodeServer

/// One group as the exchange ships it: its name and its member list, count-expanded and sorted
/// — one element of pg2's `all_members()`, `[Name, Members]`.
public struct GroupSnapshot: Hashable, Codable, Sendable {
    public var name: GroupName
    public var members: [Pid]

    /// The group `name` with `members`, already count-expanded and sorted. O(1).
    public init(name: GroupName, members: [Pid]) {
        self.name = name
        self.members = members
    }

    /// Every group of `table`, sorted by name (pg2's `all_members`).
    ///
    /// Built from the table's cached views: a group not written since its last read costs O(1),
    /// so a server that exchanges with several peers in a row sorts each group at most once.
    public static func all(of table: GroupTable) -> [GroupSnapshot] {
        table.groups().map { GroupSnapshot(name: $0, members: (try? table.members(of: $0)) ?? []) }
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
        return difference(remote, counts: unmatched)
    }

    /// `remote − local`, with the local list given as counts (pid → copies), which is how the
    /// table holds it: no list to expand or sort. O(r) expected.
    public static func difference(_ remote: [Pid], counts: [Pid: Int]) -> [Pid] {
        var unmatched = counts
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
    ///
    /// pg2 joins the missing pids one `join_group` at a time; here each group's missing pids join
    /// in one write (``Monitors/Memberships/join(_:all:monitoring:)``), with the same end state.
    /// - Complexity: O(r) per group for its r remote entries, whatever the local group's size (the
    ///   local side is read as the table's counts, not as a sorted list).
    public static func store(
        _ snapshots: [GroupSnapshot], into memberships: Memberships, monitoring: some MonitorService
    ) {
        for snapshot in snapshots {
            memberships.create(snapshot.name)
            let missing = memberships.table.withCounts(of: snapshot.name) { difference(snapshot.members, counts: $0) }
            memberships.join(snapshot.name, all: missing, monitoring: monitoring)
        }
    }
}
