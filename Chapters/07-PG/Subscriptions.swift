import Cluster
import LocalTable

/// One change a subscriber hears of: pg's `{Ref, join, Group, Pids}` and `{Ref, leave, Group, Pids}`.
public struct PGNotification: Hashable, Sendable, CustomStringConvertible {
    public enum Action: String, Hashable, Sendable { case join, leave }

    /// The subscription it is for.
    public let ref: MonitorRef
    public let action: Action
    public let group: GroupName
    /// Always a list, also for one pid; for a leave, the pids as the leave named them (quirk Q2).
    public let pids: [Pid]

    /// O(1).
    public init(ref: MonitorRef, action: Action, group: GroupName, pids: [Pid]) {
        (self.ref, self.action, self.group, self.pids) = (ref, action, group, pids)
    }

    public var description: String {
        "{\(ref), \(action.rawValue), \(group), [" + pids.map(\.description).joined(separator: ", ") + "]}"
    }
}

/// What `monitor_scope` and `monitor` return: the subscription's ref, what the scope (or the
/// group) holds now, and where the notifications arrive.
///
/// The notifications of every subscription a process holds on one scope arrive in *one* mailbox,
/// as they would in the process's message queue in Erlang, so their relative order — a scope
/// subscription's before a group subscription's, for one change (rule M3) — is observable.
public struct Subscription: Sendable {
    /// The subscription's ref: every notification carries it; ``ScopeClient/demonitor(_:)`` takes it.
    public let ref: MonitorRef
    /// For `monitor_scope`: every group with its entries, empty rows included (rule M1).
    /// For `monitor`: the one group, if it has a row.
    public let groups: [GroupName: [Pid]]
    /// The subscriber's notifications from this scope, in the order the scope applied the changes.
    public let notifications: Mailbox<PGNotification>

    /// O(1).
    public init(ref: MonitorRef, groups: [GroupName: [Pid]], notifications: Mailbox<PGNotification>) {
        (self.ref, self.groups, self.notifications) = (ref, groups, notifications)
    }
}

/// The subscribers of one scope (pg's `scope_monitors`, `group_monitors` and `monitored_groups`),
/// and their mailboxes.
///
/// Each subscription has its own monitor on the subscriber, *tagged* with what it is for. That is
/// the point where OTP 25 went wrong (GH-7625, rule M5): its subscription monitors were untagged,
/// so a process that subscribed and *then* joined a group, and then died, had its subscription's
/// DOWN taken for its membership's, and the scope crashed. Here a DOWN is looked up by its ref
/// among the subscriptions first, so each DOWN reaches the record it belongs to.
public struct Subscribers: Sendable {
    /// Scope subscriptions: ref → subscriber.
    public private(set) var scope: [MonitorRef: Pid] = [:]
    /// Group subscriptions: ref → (subscriber, group).
    public private(set) var group: [MonitorRef: (pid: Pid, group: GroupName)] = [:]
    /// Group subscriptions by group, newest first (pg's `monitored_groups`).
    public private(set) var byGroup: [GroupName: [(pid: Pid, ref: MonitorRef)]] = [:]
    /// Each subscriber's mailbox, while it has a subscription.
    private var inboxes: [Pid: Mailbox<PGNotification>] = [:]

    /// No subscriptions. O(1).
    public init() {}

    /// Whether nobody subscribes.
    public var isEmpty: Bool { scope.isEmpty && group.isEmpty }

    /// The mailbox of `pid`, made on its first subscription.
    mutating func inbox(of pid: Pid) -> Mailbox<PGNotification> {
        if let inbox = inboxes[pid] { return inbox }
        let inbox = Mailbox<PGNotification>()
        inboxes[pid] = inbox
        return inbox
    }

    mutating func addScope(_ ref: MonitorRef, _ pid: Pid) { scope[ref] = pid }

    mutating func addGroup(_ ref: MonitorRef, _ pid: Pid, _ name: GroupName) {
        group[ref] = (pid, name)
        byGroup[name, default: []].insert((pid, ref), at: 0)
    }

    /// Drops the subscription `ref`, scope or group; its queued notifications are flushed from
    /// the mailbox when `flush` (pg's `demonitor` does, a subscriber's death need not).
    /// - Returns: whether there was one. O(s) for the group's s subscribers.
    mutating func remove(_ ref: MonitorRef, flush: Bool) -> Bool {
        let pid: Pid
        if let scoped = scope.removeValue(forKey: ref) {
            pid = scoped
        } else if let grouped = group.removeValue(forKey: ref) {
            pid = grouped.pid
            byGroup[grouped.group]?.removeAll { $0.ref == ref }
            if byGroup[grouped.group]?.isEmpty == true { byGroup[grouped.group] = nil }
        } else {
            return false
        }
        if flush { inboxes[pid]?.removeAll { $0.ref == ref } }
        if !scope.values.contains(pid), !group.values.contains(where: { $0.pid == pid }) { inboxes[pid] = nil }
        return true
    }

    /// pg's `notify_group`: every scope subscriber, in the order they subscribed, then every
    /// subscriber of `name`, newest first (rule M3). O(scope subscribers + group subscribers).
    public func notify(_ action: PGNotification.Action, _ name: GroupName, _ pids: [Pid]) {
        for ref in scope.keys.sorted() {
            inboxes[scope[ref]!]?.send(PGNotification(ref: ref, action: action, group: name, pids: pids))
        }
        for (pid, ref) in byGroup[name] ?? [] {
            inboxes[pid]?.send(PGNotification(ref: ref, action: action, group: name, pids: pids))
        }
    }

    /// What ending the subscription `ref` touches: it, its subscriber and its group (nothing if
    /// `ref` is no subscription). O(1).
    func touch(_ ref: MonitorRef) -> ScopeTouch {
        if let pid = scope[ref] { return .subscription(ref, of: pid) }
        if let entry = group[ref] { return .subscription(ref, of: entry.pid, to: entry.group) }
        return ScopeTouch()
    }

    /// Checks that the three maps agree where one write touched them: for each touched group,
    /// its list against the group map; for each touched subscription, its entry in its group's
    /// list; for each touched subscriber, that it has a mailbox exactly while it subscribes.
    /// - Complexity: O(s) per touched group or subscription, for its group's s subscribers, plus
    ///   O(subscriptions) per touched subscriber (the same scan a removal makes).
    func checkInvariants(touched: ScopeTouch) throws {
        for name in touched.subscribedGroups.sorted() {
            for (pid, ref) in byGroup[name] ?? [] where group[ref]?.pid != pid || group[ref]?.group != name {
                throw InvariantViolation(rule: "group subscriptions", detail: "\(ref) in \(name)'s list is not held")
            }
            if byGroup[name]?.isEmpty == true {
                throw InvariantViolation(rule: "group subscriptions", detail: "\(name) has an empty list")
            }
        }
        for ref in touched.subscriptions.sorted() {
            guard let entry = group[ref] else { continue }
            guard byGroup[entry.group]?.contains(where: { $0.ref == ref && $0.pid == entry.pid }) == true else {
                throw InvariantViolation(
                    rule: "group subscriptions", detail: "\(ref) is missing from \(entry.group)'s list")
            }
        }
        for pid in touched.subscribers.sorted() {
            let subscribes = scope.values.contains(pid) || group.values.contains { $0.pid == pid }
            guard subscribes == (inboxes[pid] != nil) else {
                throw InvariantViolation(
                    rule: "subscriber mailboxes",
                    detail: "\(pid) subscribes: \(subscribes), has a mailbox: \(inboxes[pid] != nil)")
            }
        }
    }

    /// Checks that the three maps agree.
    func checkInvariants() throws {
        for (ref, entry) in group {
            guard byGroup[entry.group]?.contains(where: { $0.ref == ref && $0.pid == entry.pid }) == true else {
                throw InvariantViolation(
                    rule: "group subscriptions", detail: "\(ref) is missing from \(entry.group)'s list")
            }
        }
        let listed = byGroup.values.reduce(0) { $0 + $1.count }
        guard listed == group.count else {
            throw InvariantViolation(rule: "group subscriptions", detail: "\(listed) listed, \(group.count) held")
        }
        let subscribers = Set(scope.values).union(group.values.map(\.pid))
        guard Set(inboxes.keys) == subscribers else {
            throw InvariantViolation(
                rule: "subscriber mailboxes",
                detail: "mailboxes for \(inboxes.keys.sorted()), subscribers \(subscribers.sorted())")
        }
    }
}
