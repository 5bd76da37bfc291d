import Cluster
import Exchange
import LocalTable
import Monitors

/// A monitor the scope holds fired: pg's `handle_info` clause for `'DOWN'`.
extension ScopeState {
    /// A monitor this scope holds fired. By its ref it is one of three things:
    /// - a subscriber ended: its subscription goes;
    /// - a local member exited (rule J7): every entry it has goes, one `leave` notification per
    ///   entry, and the peers get one `{leave, Me, Pid, Groups}` naming each group once per entry;
    /// - a peer scope is gone — stopped, crashed, or its node unreachable (rule D6): every entry it
    ///   reported goes, one `leave` notification per group.
    ///
    /// pg 25 told the first two apart by the pid alone, which fails for a process that is both a
    /// subscriber and a member (GH-7625, rule M5). The ref tells them apart here.
    /// - Complexity: O(g) for a member's g entries; O(e) for a peer's e entries, in one write.
    public mutating func down(_ down: Down, monitoring: some MonitorService) -> [Outgoing] {
        #if DEBUG
            let subscription = subscribers.touch(down.ref)
        #endif
        if subscribers.remove(down.ref, flush: false) {
            #if DEBUG
                assertInvariants(subscription)
            #endif
            return []
        }
        if let member = local[down.pid], member.ref == down.ref {
            local[down.pid] = nil
            apply { rows, batch in
                for group in member.groups { Self.remove(.one(down.pid), from: group, &rows, &batch) }
            }
            #if DEBUG
                assertInvariants(.local([down.pid], in: member.groups))
            #endif
            return broadcast(.leave(peer: me, pids: .one(down.pid), groups: member.groups))
        }
        if let peer = peers[down.pid], peer.ref == down.ref {
            peers[down.pid] = nil
            let reported = peer.groups
            apply { rows, batch in
                for group in reported.keys.sorted() {
                    Self.remove(.list(reported[group]!), from: group, &rows, &batch)
                }
            }
            #if DEBUG
                assertInvariants(.peer(down.pid, reported))
            #endif
        }
        return []
    }
}
