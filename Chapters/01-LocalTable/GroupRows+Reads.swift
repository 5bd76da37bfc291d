import Cluster

/// The reads pg2 answers from its table, each a pure function of the rows.
extension GroupRows {
    /// The members of `name`, each repeated by its count, sorted by pid (pg2's `group_members`).
    ///
    /// pg2's table is an `ordered_set`, so matching `{member, Name, '$1'}` walks the members in
    /// Erlang's pid order, and the expansion puts a pid's copies next to each other. Here the pids
    /// are sorted by ``Cluster/Pid``'s own order (node first) instead; either way the list is *the
    /// same on every node that knows the same members* — a property every user comparing lists
    /// across nodes relies on. O(m log m) for m distinct members; ``GroupTable`` does this at most
    /// once per write to the group (on the first read after it), so most reads don't.
    public func members(of name: GroupName) -> [Pid] {
        Self.expand(memberCounts[name] ?? [:])
    }

    /// The members of `name` that live on this node, expanded and sorted
    /// (pg2's `local_group_members`). O(l log l) for its l distinct local members.
    public func localMembers(of name: GroupName) -> [Pid] {
        guard let local = localMembers[name], let counts = memberCounts[name] else { return [] }
        var list: [Pid] = []
        for pid in local.sorted() { list.append(contentsOf: repeatElement(pid, count: counts[pid] ?? 0)) }
        return list
    }

    /// Every group, sorted, empty ones included (pg2's `all_groups`).
    public var allGroups: [GroupName] { groups.sorted() }

    /// The groups `pid` is a member of, sorted (pg2's `member_groups`). O(g log g) for its g groups.
    public func groups(of pid: Pid) -> [GroupName] { (pidIndex[pid] ?? []).sorted() }

    /// Every group with its expanded member list, sorted by name (pg2's `all_members`, the
    /// payload of the exchange in chapter 6).
    public var allMembers: [(name: GroupName, members: [Pid])] {
        allGroups.map { ($0, members(of: $0)) }
    }

    /// Counts expanded into a list: each pid `count` times, pids in ascending order.
    /// O(m log m + c) for m distinct pids and c entries in the list (the sum of the counts):
    /// the sort, then the copies.
    public static func expand(_ counts: [Pid: Int]) -> [Pid] {
        var list: [Pid] = []
        list.reserveCapacity(counts.values.reduce(0, +))
        for pid in counts.keys.sorted() {
            list.append(contentsOf: repeatElement(pid, count: counts[pid]!))
        }
        return list
    }
}
