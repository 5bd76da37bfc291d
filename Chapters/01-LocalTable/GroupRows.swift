import Cluster

/// The rows of pg2's table: what one node knows about groups and their members.
///
/// pg2 keeps one ETS table per node, `pg2_table`, with four kinds of rows that matter here
/// (chapter 2 adds the monitor rows):
///
/// | pg2's row | here | meaning |
/// |---|---|---|
/// | `{{group, Name}}` | ``groups`` | the group exists (it may be empty) |
/// | `{{member, Name, Pid}, Count}` | ``memberCounts`` | `Pid` joined `Name` `Count` ≥ 1 times |
/// | `{{local_member, Name, Pid}}` | ``localMembers`` | the same, for pids of this node |
/// | `{{pid, Pid, Name}}` | ``pidIndex`` | the reverse index: the groups of `Pid` |
///
/// Why counts rather than one row per join? A process may join a group twice (two subscriptions,
/// say), and must leave twice to be gone. pg2 keeps one row per (group, pid) with a counter, bumped
/// by `ets:update_counter` — so a repeat join is one row update (a first join adds the member row,
/// the local-member row if the pid lives here, and the reverse-index row), and the list a reader
/// gets repeats the pid `Count` times. Why the reverse index? When a process dies, pg2 must find
/// every group it was in without scanning every group (`member_died`).
///
/// `GroupRows` is a plain value: no locks, no I/O, easy to test. ``GroupTable`` wraps it for
/// sharing between threads; the pg2 server is its only writer.
///
/// Invariants (``checkInvariants()``): every member's group exists; every count is ≥ 1;
/// `localMembers` holds exactly the members that live on ``localNode``; `pidIndex` is exactly the
/// reverse of `memberCounts`.
public struct GroupRows: Sendable, Equatable {
    /// The node whose table this is: decides which members are local.
    public let localNode: NodeName
    /// `{{group, Name}}`
    public var groups: Set<GroupName> = []
    /// `{{member, Name, Pid}, Count}`
    public var memberCounts: [GroupName: [Pid: Int]] = [:]
    /// `{{local_member, Name, Pid}}`
    public var localMembers: [GroupName: Set<Pid>] = [:]
    /// `{{pid, Pid, Name}}`
    public var pidIndex: [Pid: Set<GroupName>] = [:]

    /// An empty table for `localNode`. O(1).
    public init(localNode: NodeName) { self.localNode = localNode }

    /// Whether the group exists here (`ets:member(pg2_table, {group, Name})`). O(1).
    public func hasGroup(_ name: GroupName) -> Bool { groups.contains(name) }

    /// How many times `pid` joined `name` (0 if it is not a member). O(1).
    public func count(of pid: Pid, in name: GroupName) -> Int { memberCounts[name]?[pid] ?? 0 }

    /// Adds the group row if it is missing (pg2's `assure_group`). O(1).
    /// - Returns: whether the group was new.
    @discardableResult
    public mutating func assureGroup(_ name: GroupName) -> Bool {
        groups.insert(name).inserted
    }

    /// One join of `pid` to `name` (the member half of pg2's `join_group`). O(1).
    ///
    /// The first join creates the member row with count 1, the local-member row if `pid` lives
    /// here, and the reverse-index row; later joins only bump the count. The group must exist:
    /// pg2's callers check that first.
    /// - Returns: the new count.
    @discardableResult
    public mutating func joinGroup(_ name: GroupName, _ pid: Pid) -> Int {
        let count = (memberCounts[name]?[pid] ?? 0) + 1
        memberCounts[name, default: [:]][pid] = count
        if count == 1 {
            if pid.node == localNode { localMembers[name, default: []].insert(pid) }
            pidIndex[pid, default: []].insert(name)
        }
        return count
    }

    /// One leave of `pid` from `name` (the member half of pg2's `leave_group`). O(1).
    ///
    /// Decrements the count; at zero the member, local-member and reverse-index rows go. If
    /// `pid` is not a member, nothing changes — and the caller learns so from the result, which
    /// matters in chapter 2: a leave that changed nothing must not touch the monitor either.
    /// - Returns: the new count, or `nil` if `pid` was not a member of `name`.
    @discardableResult
    public mutating func leaveGroup(_ name: GroupName, _ pid: Pid) -> Int? {
        guard let count = memberCounts[name]?[pid] else { return nil }
        if count > 1 {
            memberCounts[name]![pid] = count - 1
            return count - 1
        }
        memberCounts[name]![pid] = nil
        if memberCounts[name]!.isEmpty { memberCounts[name] = nil }
        if pid.node == localNode {
            localMembers[name]?.remove(pid)
            if localMembers[name]?.isEmpty == true { localMembers[name] = nil }
        }
        pidIndex[pid]?.remove(name)
        if pidIndex[pid]?.isEmpty == true { pidIndex[pid] = nil }
        return 0
    }

    /// Every membership of `pid` in `name` at once, whatever its count: the rows a death removes
    /// (pg2's `member_died` leaves once per count; the end state is the same). O(1).
    /// - Returns: the count removed, 0 if `pid` was not a member.
    @discardableResult
    public mutating func removeMember(_ name: GroupName, _ pid: Pid) -> Int {
        guard let count = memberCounts[name]?[pid] else { return 0 }
        memberCounts[name]![pid] = 1
        leaveGroup(name, pid)
        return count
    }

    /// Deletes a group as pg2's `delete_group` does: every member leaves once per entry of the
    /// member list (a pid joined twice leaves twice), then the group row goes.
    ///
    /// Done as one batch, not one leave at a time: the group's member rows go at once and each
    /// pid's reverse-index row is updated once. O(m log m) for m distinct members (the sort of
    /// the returned list; the rows themselves cost O(m)).
    /// - Returns: the leaves performed, one per entry of the member list, sorted — chapter 2
    ///   releases monitors for them.
    @discardableResult
    public mutating func deleteGroup(_ name: GroupName) -> [Pid] {
        let counts = memberCounts.removeValue(forKey: name) ?? [:]
        localMembers[name] = nil
        for pid in counts.keys {
            pidIndex[pid]?.remove(name)
            if pidIndex[pid]?.isEmpty == true { pidIndex[pid] = nil }
        }
        groups.remove(name)
        return Self.expand(counts)
    }
}
