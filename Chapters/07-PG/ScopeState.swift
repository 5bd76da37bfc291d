import Cluster
import Exchange
import LocalTable
import Monitors

/// A local member of the scope: the one monitor the scope holds on it, and the groups it joined,
/// newest first, once per entry (pg's `local` map, `#{Pid => {MRef, Groups}}`).
public struct LocalMember: Sendable, Equatable {
    public let ref: MonitorRef
    public var groups: [GroupName]

    /// O(1).
    public init(ref: MonitorRef, groups: [GroupName]) {
        self.ref = ref
        self.groups = groups
    }
}

/// Everything one scope holds, and what it does with each input: pg's gen_server state and its
/// `handle_call`, `handle_cast` and `handle_info` clauses, without the actor around them.
///
/// It performs no I/O of its own. Monitors start and stop through a ``Monitors/MonitorService``;
/// notifications go into the subscribers' mailboxes; and every message a handler wants sent to
/// other scopes is *returned*, as ``Outgoing`` values, for the actor to send. So each rule can be
/// run and checked on its own, and a real node sends the very same values over Erlang's wire, in
/// pg's own terms (Scope+Erlang.swift), to Swift scopes and Erlang's alike.
///
/// Its parts, each pg's:
/// - ``table``: the shared table readers use (pg's ETS table);
/// - ``local``: this node's members and their monitors (pg's `local`);
/// - ``peers``: each peer scope's monitor and report (pg's `remote`);
/// - ``subscribers``: who watches the scope or a group (pg's `scope_monitors`, `group_monitors`,
///   `monitored_groups`).
///
/// Invariants (``checkInvariants()``): a group's entries in the table are exactly the local
/// members' entries plus every peer's reported entries, by multiplicity; every local member and
/// every peer has one monitor; the subscribers' maps agree. In debug builds every write checks
/// them where it wrote (``checkInvariants(touched:)``), at the cost of the write's own size, and
/// stops the program on the first violation; release builds skip that.
public struct ScopeState: Sendable {
    /// The scope's name.
    public let scope: ScopeName
    /// The scope's own pid: the `Peer` its messages carry.
    public let me: Pid
    /// The table readers see.
    public let table: ScopeTable
    /// This node's members.
    public internal(set) var local: [Pid: LocalMember] = [:]
    /// The peer scopes this one knows, by their pids.
    public internal(set) var peers: [Pid: PeerState] = [:]
    /// Who is subscribed to the scope or to its groups.
    public internal(set) var subscribers = Subscribers()

    /// An empty scope whose pid is `me` (on `me.node`), over an empty `table`.
    /// O(1).
    public init(scope: ScopeName, me: Pid, table: ScopeTable) {
        self.scope = scope
        self.me = me
        self.table = table
    }

    /// This node: where the scope and its local members live.
    var localNode: NodeName { me.node }

    // MARK: The calls (pg's handle_call)

    /// `{join_local, Group, PidOrPids}`: each pid gains an entry; a pid's first entry anywhere in
    /// the scope takes its one monitor (rule J6). The entries go in front of the group's list,
    /// subscribers hear `join`, and every peer is told (`{join, …}`).
    ///
    /// The caller has checked that every pid is local (rule J1): the scope trusts it, as pg's does.
    /// - Complexity: O(k) for k pids, plus O(g) per pid already in g groups; one message per peer.
    public mutating func joinLocal(
        _ group: GroupName, _ pids: PidOrPids, monitoring: some MonitorService
    ) -> [Outgoing] {
        for pid in pids.pids {
            if var member = local[pid] {
                member.groups.insert(group, at: 0)
                local[pid] = member
            } else {
                local[pid] = LocalMember(ref: monitoring.monitor(pid), groups: [group])
            }
        }
        apply { rows, batch in Self.add(pids, to: group, &rows, &batch) }
        #if DEBUG
            assertInvariants(.local(pids.pids, in: [group]))
        #endif
        return broadcast(.join(peer: me, group: group, pids: pids))
    }

    /// `{leave_local, Group, PidOrPids}`: each pid with an entry in `group` loses one (a pid
    /// named twice, two), a pid's last entry releasing its monitor. ``LeaveResult/notJoined`` if
    /// none had one, and then nothing happens at all. Otherwise subscribers hear `leave` with the
    /// pids *as passed*, and so do the peers (quirk Q2).
    /// - Complexity: O(k · g) for k pids in g groups each; one message per peer.
    public mutating func leaveLocal(
        _ group: GroupName, _ pids: PidOrPids, monitoring: some MonitorService
    ) -> (LeaveResult, [Outgoing]) {
        var changed = false
        for pid in pids.pids {
            guard var member = local[pid], let index = member.groups.firstIndex(of: group) else { continue }
            changed = true
            if member.groups.count == 1 {
                monitoring.demonitor(member.ref)
                local[pid] = nil
            } else {
                member.groups.remove(at: index)
                local[pid] = member
            }
        }
        guard changed else { return (.notJoined, []) }
        apply { rows, batch in Self.remove(pids, from: group, &rows, &batch) }
        #if DEBUG
            assertInvariants(.local(pids.pids, in: [group]))
        #endif
        return (.ok, broadcast(.leave(peer: me, pids: pids, groups: [group])))
    }

    /// `monitor` (`monitor_scope`): subscribes `subscriber` to every change of the table, and
    /// returns the table as it is. The subscriber is monitored: its death ends the subscription.
    /// - Complexity: O(total entries), to copy the table out.
    public mutating func monitorScope(subscriber: Pid, monitoring: some MonitorService) -> Subscription {
        let ref = monitoring.monitor(subscriber)
        let inbox = subscribers.inbox(of: subscriber)
        subscribers.addScope(ref, subscriber)
        #if DEBUG
            assertInvariants(.subscription(ref, of: subscriber))
        #endif
        return Subscription(ref: ref, groups: table.contents(), notifications: inbox)
    }

    /// `{monitor, Group}`: subscribes `subscriber` to the changes of one group, and returns its
    /// entries (`[]` if it has none).
    /// - Complexity: O(1) (the group's list is the table's cached view).
    public mutating func monitorGroup(
        _ group: GroupName, subscriber: Pid, monitoring: some MonitorService
    ) -> Subscription {
        let members = table.members(of: group)
        let ref = monitoring.monitor(subscriber)
        let inbox = subscribers.inbox(of: subscriber)
        subscribers.addGroup(ref, subscriber, group)
        #if DEBUG
            assertInvariants(.subscription(ref, of: subscriber, to: group))
        #endif
        return Subscription(ref: ref, groups: [group: members], notifications: inbox)
    }

    /// `{demonitor, Ref}`: ends the subscription `ref` and flushes its queued notifications.
    /// - Returns: false for a ref that is no subscription (any more).
    /// - Complexity: O(s) for the group's s subscribers (O(1) for a scope subscription), plus the
    ///   subscriber's queued notifications to flush.
    public mutating func demonitor(_ ref: MonitorRef, monitoring: some MonitorService) -> Bool {
        #if DEBUG
            let touched = subscribers.touch(ref)
        #endif
        guard subscribers.remove(ref, flush: true) else { return false }
        #if DEBUG
            assertInvariants(touched)
        #endif
        monitoring.demonitor(ref)
        return true
    }

    // MARK: Helpers

    /// pg's `all_local_pids`: every group with this node's entries, for a sync. Groups sorted by
    /// name; within a group, pids in *descending* order with each pid's entries side by side — the
    /// order pg's fold over its pid map produces (rule R2).
    /// - Complexity: O(e + d log d) for e local entries of d distinct pids.
    public func allLocalPids() -> [GroupSnapshot] {
        var counts: [GroupName: [Pid: Int]] = [:]
        for (pid, member) in local {
            for group in member.groups { counts[group, default: [:]][pid, default: 0] += 1 }
        }
        return counts.keys.sorted().map { group in
            let pids = counts[group]!
            return GroupSnapshot(
                name: group,
                members: pids.keys.sorted(by: >).flatMap { Array(repeating: $0, count: pids[$0]!) })
        }
    }

    /// The peers told of every change: those that have our sync (see ``PeerState/told``), in pid
    /// order.
    /// O(p log p) for p peers (sorted, so messages leave in the same order on every run).
    public func broadcast(_ message: ScopeMessage) -> [Outgoing] {
        peers.keys.sorted().filter { peers[$0]!.told }.map { Outgoing(to: $0, message) }
    }

    /// One write to the table; then the notifications it produced, in order.
    func apply(_ change: (inout ScopeRows, inout Batch) -> Void) {
        var batch = Batch()
        table.write { rows, touch in
            change(&rows, &batch)
            for group in batch.touched { touch(group) }
        }
        for note in batch.notes { subscribers.notify(note.action, note.group, note.pids) }
    }

    /// What one write changed: the groups it touched and the notifications it owes.
    struct Batch {
        var touched: [GroupName] = []
        var notes: [(action: PGNotification.Action, group: GroupName, pids: [Pid])] = []
    }

    /// pg's `join_local_update_ets` and `join_remote_update_ets`: `pids` in front, the row made if
    /// missing — even for no pids (quirk Q1) — and a `join` notification.
    static func add(
        _ pids: PidOrPids, to group: GroupName, _ rows: inout ScopeRows, _ batch: inout Batch
    ) {
        batch.touched.append(group)
        rows.prepend(group, pids.pids)
        batch.notes.append((.join, group, pids.pids))
    }

    /// pg's `leave_local_update_ets` and `leave_remote_update_ets`: one entry less per pid. A
    /// list that leaves the row empty deletes it; a single pid deletes it only if it was the
    /// row's one entry (so Q1's empty row survives a leave of one pid, not of a list). No row:
    /// nothing, not even a notification; a row: a `leave` notification, whatever was removed.
    static func remove(
        _ pids: PidOrPids, from group: GroupName, _ rows: inout ScopeRows, _ batch: inout Batch
    ) {
        guard rows.hasRow(group) else { return }
        batch.touched.append(group)
        switch pids {
        case .one(let pid):
            if rows.removeNewest(group, pid), rows.groups[group]!.isEmpty { rows.deleteRow(group) }
        case .list(let list):
            for pid in list { rows.removeNewest(group, pid) }
            if rows.groups[group]!.isEmpty { rows.deleteRow(group) }
        }
        batch.notes.append((.leave, group, pids.pids))
    }
}
