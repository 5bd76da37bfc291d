import Cluster
import LocalTable

extension ScopeState {
    /// Checks what must hold between any two inputs; throws the first violation. O(entries).
    ///
    /// 1. The table's built views match its rows.
    /// 2. Local members live on this node, each has at least one group, and no two share a ref.
    /// 3. Every peer's reported pids live on that peer's node.
    /// 4. For every group, the table's entries are, by multiplicity, the local members' entries
    ///    plus every peer's reported entries; a group with any such entry has a row. (A row with
    ///    no entry at all is quirk Q1's, and allowed.)
    /// 5. The subscribers' maps agree.
    public func checkInvariants() throws {
        func fail(_ rule: String, _ detail: String) -> InvariantViolation {
            InvariantViolation(rule: rule, detail: "scope \(scope) on \(me.node): \(detail)")
        }
        try table.checkViews()
        let rows = table.rows
        var expected: [GroupName: [Pid: Int]] = [:]
        var refs = Set<MonitorRef>()
        for pid in local.keys.sorted() {
            let member = local[pid]!
            guard pid.node == me.node else { throw fail("local members are local", "\(pid)") }
            guard !member.groups.isEmpty else { throw fail("a local member has a group", "\(pid)") }
            guard refs.insert(member.ref).inserted else { throw fail("one monitor per member", "\(pid)") }
            for group in member.groups { expected[group, default: [:]][pid, default: 0] += 1 }
        }
        for peer in peers.keys.sorted() {
            let state = peers[peer]!
            guard refs.insert(state.ref).inserted else { throw fail("one monitor per peer", "\(peer)") }
            for (group, pids) in state.groups {
                for pid in pids {
                    guard pid.node == peer.node else {
                        throw fail("a peer reports its own pids", "\(peer) reported \(pid) in \(group)")
                    }
                    expected[group, default: [:]][pid, default: 0] += 1
                }
            }
        }
        for group in Set(expected.keys).union(rows.groups.keys).sorted() {
            let want = expected[group] ?? [:]
            guard let entries = rows.groups[group] else {
                if want.isEmpty { continue }
                throw fail("a group with entries has a row", "\(group) has none")
            }
            let have = Dictionary(uniqueKeysWithValues: entries.pids.map { ($0, entries.count(of: $0)) })
            guard have == want else {
                throw fail("the table is local entries plus the peers' reports", "\(group) lists \(entries.list)")
            }
            let local = entries.list.count { $0.node == me.node }
            guard (rows.localCounts[group] ?? 0) == local else {
                throw fail("local counts", "\(group) counts \(rows.localCounts[group] ?? 0), lists \(local)")
            }
        }
        try subscribers.checkInvariants()
    }

    /// Checks the rules of ``checkInvariants()``, but only where one write touched the state:
    /// the entries, local members, peers and subscriptions in `touched`. Every write of the
    /// scope runs it afterwards in debug builds (and stops the program if it throws); release
    /// builds skip it. Throws the first violation.
    ///
    /// For each touched group, its cached views (``ScopeTable/checkViews(of:)``). For each
    /// touched local member: that it is local and has a group. For each touched peer: that what
    /// it reported in the touched groups is on its node. For each touched entry (group, pid): the
    /// row's count of the pid is the local member's entries in the group (a local pid) or what
    /// the peers on the pid's node reported there (a remote one), and a group with such entries
    /// has a row. For each touched subscription, group or subscriber: that the subscribers' maps
    /// agree there (``Subscribers/checkInvariants(touched:)``).
    ///
    /// Not checked here, only by ``checkInvariants()``: that no two monitors share a ref (each
    /// ref is fresh from the monitor service, and comparing it with every other costs the whole
    /// state), and a group's count of local entries against its whole list.
    ///
    /// - Complexity: O(what the write touched): O(1) per touched entry, plus O(p) per touched
    ///   local pid in p groups, plus the touched groups' lists from the peers on the touched
    ///   pids' nodes and the touched peers, plus O(peers) once, to find those peers. Never the
    ///   whole table or a whole group's row — but a peer's list in a touched group, which a
    ///   relayed join itself does not walk (``PeerState/join(_:_:)`` is O(k)): in debug builds a
    ///   relayed join costs that peer's share of the group.
    package func checkInvariants(touched: ScopeTouch) throws {
        func fail(_ rule: String, _ detail: String) -> InvariantViolation {
            InvariantViolation(rule: rule, detail: "scope \(scope) on \(me.node): \(detail)")
        }
        let groups = touched.entries.keys.sorted()
        try table.checkViews(of: groups)
        for pid in touched.members.sorted() {
            guard let member = local[pid] else { continue }
            guard pid.node == me.node else { throw fail("local members are local", "\(pid)") }
            guard !member.groups.isEmpty else { throw fail("a local member has a group", "\(pid)") }
        }
        for peer in touched.peers.sorted() {
            guard let state = peers[peer] else { continue }
            for group in groups {
                for pid in state.entries(of: group) ?? [] where pid.node != peer.node {
                    throw fail("a peer reports its own pids", "\(peer) reported \(pid) in \(group)")
                }
            }
        }
        let rows = table.rows
        let remoteNodes = Set(touched.entries.values.flatMap { $0 }.map(\.node)).subtracting([me.node])
        var peersOn: [NodeName: [PeerState]] = [:]
        for (peer, state) in peers where remoteNodes.contains(peer.node) {
            peersOn[peer.node, default: []].append(state)
        }
        for group in groups {
            var reported: [NodeName: [Pid: Int]] = [:]
            for pid in touched.entries[group]!.sorted() {
                let want: Int
                if pid.node == me.node {
                    want = local[pid]?.groups.count { $0 == group } ?? 0
                } else {
                    if reported[pid.node] == nil {
                        var counts: [Pid: Int] = [:]
                        for state in peersOn[pid.node] ?? [] {
                            for entry in state.entries(of: group) ?? [] { counts[entry, default: 0] += 1 }
                        }
                        reported[pid.node] = counts
                    }
                    want = reported[pid.node]![pid] ?? 0
                }
                guard let entries = rows.groups[group] else {
                    if want == 0 { continue }
                    throw fail("a group with entries has a row", "\(group) has none, \(pid) has \(want) entries")
                }
                let have = entries.count(of: pid)
                guard have == want else {
                    throw fail(
                        "the table is local entries plus the peers' reports",
                        "\(group) lists \(pid) \(have) times, the scope's records \(want)")
                }
            }
        }
        try subscribers.checkInvariants(touched: touched)
    }

    #if DEBUG
        /// Stops the program if the write that touched `touched` broke an invariant
        /// (``checkInvariants(touched:)``): debug builds run this after every write, as chapter
        /// 1's table and chapter 2's monitor rows check theirs. O(touched), as that check.
        func assertInvariants(_ touched: ScopeTouch) {
            do {
                try checkInvariants(touched: touched)
            } catch {
                assertionFailure("a write broke the scope's state: \(error)")
            }
        }
    #endif

    /// Whether nothing is held: no row, no member, no peer, no subscriber.
    public var isEmpty: Bool { table.rows.groups.isEmpty && local.isEmpty && peers.isEmpty && subscribers.isEmpty }
}

/// What one write of a ``ScopeState`` touched, for its per-write check
/// (``ScopeState/checkInvariants(touched:)``): the entries it added or removed, by group; the
/// local members, peers and subscriptions it added, changed or dropped; and the subscribers and
/// groups those subscriptions are for. Built from the write's own inputs, in O(their size).
package struct ScopeTouch: Sendable {
    /// The pids whose entries in a group changed, by group.
    package var entries: [GroupName: Set<Pid>] = [:]
    /// Local members.
    package var members: Set<Pid> = []
    /// Peer scopes.
    package var peers: Set<Pid> = []
    /// Subscriptions, scope or group.
    package var subscriptions: Set<MonitorRef> = []
    /// The subscribers of those subscriptions.
    package var subscribers: Set<Pid> = []
    /// The groups of the group subscriptions among them.
    package var subscribedGroups: Set<GroupName> = []

    package init() {}

    /// A subscription `ref` of `subscriber`'s, to the scope or to `group`, was made or ended. O(1).
    package static func subscription(_ ref: MonitorRef, of subscriber: Pid, to group: GroupName? = nil) -> ScopeTouch {
        var touched = ScopeTouch()
        touched.subscriptions.insert(ref)
        touched.subscribers.insert(subscriber)
        if let group { touched.subscribedGroups.insert(group) }
        return touched
    }

    /// Local members `pids` gained or lost entries in `groups`. O(k + g) for k pids, g groups.
    package static func local(_ pids: [Pid], in groups: [GroupName]) -> ScopeTouch {
        var touched = ScopeTouch()
        touched.members.formUnion(pids)
        for group in groups { touched.entries(group, pids) }
        return touched
    }

    /// The record of `peer` changed, and with it its entries `entries` (by group). O(entries).
    package static func peer(_ peer: Pid, _ entries: [GroupName: [Pid]] = [:]) -> ScopeTouch {
        var touched = ScopeTouch()
        touched.peers.insert(peer)
        for (group, pids) in entries { touched.entries(group, pids) }
        return touched
    }

    /// `pids`' entries in `group` changed. O(k) for k pids.
    package mutating func entries(_ group: GroupName, _ pids: some Sequence<Pid>) {
        entries[group, default: []].formUnion(pids)
    }
}
