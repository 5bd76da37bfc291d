/// The node's own bookkeeping, checked: what must hold between its monitors, watchers and calls
/// whatever messages have arrived — the substrate's `_checkInvariants()`.
extension Node {
    /// A broken invariant of a node's bookkeeping.
    public struct InvariantViolation: Error, CustomStringConvertible {
        public let description: String
    }

    /// Checks the node's bookkeeping; throws the first broken rule.
    ///
    /// - every monitor a process owns is a monitor this node holds, owned by that process;
    /// - every monitor held with an owner is listed under that owner;
    /// - every monitor on a local pid has its watcher entry, and every local watcher entry has
    ///   its monitor;
    /// - watchers are kept only for live local processes;
    /// - every pending call targets this node or a connected peer.
    ///
    /// Cost: O(monitors + watchers + pending calls).
    public func checkInvariants() throws {
        let problem: String? = state.withLock { s in
            for (owner, refs) in s.ownedMonitors {
                for ref in refs where s.monitors[ref]?.owner != owner {
                    return "monitor \(ref) is listed under \(owner) but not held for it"
                }
            }
            for (ref, record) in s.monitors {
                if let owner = record.owner, !(s.ownedMonitors[owner]?.contains(ref) ?? false) {
                    return "monitor \(ref) of \(owner) is missing from its owner's list"
                }
                if record.pid.node == name,
                    !(s.watchers[record.pid]?.contains { $0.ref == ref && $0.node == name } ?? false)
                {
                    return "local monitor \(ref) on \(record.pid) has no watcher entry"
                }
            }
            for (pid, watchers) in s.watchers {
                guard pid.node == name, s.actors[pid]?.actor != nil else {
                    return "watchers kept for \(pid), which is not a live local process"
                }
                for watcher in watchers where watcher.node == name && s.monitors[watcher.ref]?.pid != pid {
                    return "watcher \(watcher.ref) of \(pid) has no monitor"
                }
            }
            for (id, call) in s.pending where call.target.node != name && !s.peers.contains(call.target.node) {
                return "call #\(id) waits on \(call.target.node), which is not connected"
            }
            return nil
        }
        if let problem { throw InvariantViolation(description: "\(self): \(problem)") }
    }
}
