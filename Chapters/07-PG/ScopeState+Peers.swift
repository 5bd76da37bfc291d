import Cluster
import Exchange
import LocalTable
import Monitors

/// The peer scopes' messages: pg's `handle_cast` and `handle_info` clauses for `nodeup`,
/// `discover`, `sync`, `join` and `leave` (rules D1–D7), applied to the state.
extension ScopeState {
    /// `{nodeup, Node}`: ask that node's scope of the same name to discover us (rule D1). Also how
    /// a starting scope greets every node it is already connected to.
    /// O(1): one message.
    public func nodeUp(_ node: NodeName) -> [Outgoing] {
        guard node != localNode else { return [] }
        return [Outgoing(to: Pid(named: scope, on: node), .discover(peer: me))]
    }

    /// `{discover, Peer}` (pg's `handle_discover`): send the peer our whole state; if it is new,
    /// monitor it, ask it to discover us in turn, and record it with nothing reported yet (rule D2).
    /// - Complexity: O(e + d log d) to build our sync from e local entries of d pids
    ///   (``allLocalPids()``); O(1) to record the peer; one or two messages out.
    public mutating func discover(from peer: Pid, monitoring: some MonitorService) -> [Outgoing] {
        var out = [Outgoing(to: peer, .sync(peer: me, groups: allLocalPids()))]
        if var known = peers[peer] {
            known.told = true
            peers[peer] = known
        } else {
            peers[peer] = PeerState(ref: monitoring.monitor(peer), told: true)
            out.append(Outgoing(to: peer, .discover(peer: me)))
        }
        #if DEBUG
            assertInvariants(.peer(peer))
        #endif
        return out
    }

    /// `{sync, Peer, Groups}` (pg's `handle_sync` and `sync_groups`): what `peer` reports
    /// *replaces* everything this scope knew from it (rule D3). Group by group:
    /// - reported with the list we had: nothing changes;
    /// - reported with another list: the old entries go, the new ones go in front — and nobody
    ///   is notified (quirk Q3; only a forged or repeated sync can get here);
    /// - reported and new to us: its entries go in front, subscribers hear `join`;
    /// - not reported although we had it: its entries go, subscribers hear `leave`.
    ///
    /// An unknown peer is monitored first. Nothing is merged: no entry survives that the peer did
    /// not report, and none is counted twice.
    /// - Complexity: O(r + o) for r reported and o previously known entries — one write.
    public mutating func sync(from peer: Pid, groups: [GroupSnapshot], monitoring: some MonitorService) {
        var state = peers[peer] ?? PeerState(ref: monitoring.monitor(peer))
        var old = state.groups
        #if DEBUG
            let reportedBefore = old
        #endif
        apply { rows, batch in
            for snapshot in groups {
                if let oldPids = old.removeValue(forKey: snapshot.name) {
                    guard oldPids != snapshot.members else { continue }
                    batch.touched.append(snapshot.name)
                    for pid in oldPids { rows.removeNewest(snapshot.name, pid) }
                    rows.prepend(snapshot.name, snapshot.members)
                } else {
                    Self.add(.list(snapshot.members), to: snapshot.name, &rows, &batch)
                }
            }
            for name in old.keys.sorted() {
                Self.remove(.list(old[name]!), from: name, &rows, &batch)
            }
        }
        state.groups = Dictionary(groups.map { ($0.name, $0.members) }, uniquingKeysWith: { $1 })
        peers[peer] = state
        #if DEBUG
            assertInvariants(.peer(peer, reportedBefore.merging(state.groups, uniquingKeysWith: +)))
        #endif
    }

    /// `{join, Peer, Group, PidOrPids}` from a peer: its entries go in front, as on the peer, and
    /// subscribers hear `join`. From a scope we do not know: ignored (rule D4).
    /// - Complexity: O(k) amortised for k pids, whatever the group's size — one write, and the peer's
    ///   record appended to in place.
    public mutating func join(from peer: Pid, _ group: GroupName, _ pids: PidOrPids) {
        guard peers[peer] != nil else { return }
        apply { rows, batch in Self.add(pids, to: group, &rows, &batch) }
        // In place: a copy taken out of `peers` and put back would copy the peer's list (O(n)).
        peers[peer]!.join(group, pids.pids)
        #if DEBUG
            assertInvariants(.peer(peer, [group: pids.pids]))
        #endif
    }

    /// `{leave, Peer, PidOrPids, Groups}` from a peer: for each group, one entry less per pid,
    /// and subscribers hear `leave`. From a scope we do not know: ignored (rule D4).
    /// - Throws: ``UnannouncedGroup`` if `groups` names one the peer never reported: pg crashes
    ///   the scope there (rule D7), and so does the actor that runs this. The table has been
    ///   changed by then, as pg's has.
    /// - Complexity: O(k · g) for k pids in g groups in the table, plus ``PeerState/leave(_:from:)``'s
    ///   O(d) per pid and group in the peer's record — one write.
    public mutating func leave(from peer: Pid, _ pids: PidOrPids, groups: [GroupName]) throws(UnannouncedGroup) {
        guard peers[peer] != nil else { return }
        apply { rows, batch in
            for group in groups { Self.remove(pids, from: group, &rows, &batch) }
        }
        try peers[peer]!.leave(pids.pids, from: groups)
        #if DEBUG
            assertInvariants(.peer(peer, Dictionary(groups.map { ($0, pids.pids) }, uniquingKeysWith: { $1 })))
        #endif
    }
}
