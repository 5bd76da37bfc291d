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

    /// Whether nothing is held: no row, no member, no peer, no subscriber.
    public var isEmpty: Bool { table.rows.groups.isEmpty && local.isEmpty && peers.isEmpty && subscribers.isEmpty }
}
