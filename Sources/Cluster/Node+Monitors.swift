/// Monitors: "tell me, exactly once, when this process is gone, and why".
///
/// pg2 depends on monitors for everything it knows about death: each node monitors every member
/// it has heard of, local or remote, and removes it when the DOWN arrives. The rules, as Erlang's:
/// - a monitor produces **exactly one** ``Down``, unless it is removed first with ``demonitor(_:flush:)``;
/// - monitoring a pid that is already dead, or lived on an earlier incarnation of its node, gives
///   an immediate DOWN with reason `noproc`;
/// - if the connection to the pid's node goes down, the DOWN comes with reason `noconnection` —
///   the monitor cannot tell a dead process from an unreachable one;
/// - monitoring a pid on a node that is not connected gives `noconnection`. Erlang first tries to
///   connect (auto-connect) and reports `noconnection` only if that fails; here a link that is
///   not up is a network failure the simulation holds open (see ``Simulation``), so the attempt
///   would always fail, and the DOWN is delivered at once;
/// - DOWNs caused by a lost connection are delivered before that connection's `nodeDown`.
///
/// A monitor on a remote pid is a ``Message/monitor(ref:pid:)`` to the pid's node, which keeps a
/// list of watchers per process and sends ``Message/down(ref:pid:reason:)`` when it ends.
extension Node {
    /// Monitors `pid`; `deliver` receives its one ``Down`` on this node.
    ///
    /// `deliver` runs on the node's executor as a message delivery does; keep it short — put the
    /// DOWN in a ``Mailbox``, or hand it to an actor.
    ///
    /// `owner` is the local process the monitor belongs to, if any. In Erlang a monitor belongs to
    /// the process that set it and dies with it; here, when `owner` ends, its monitors are removed
    /// as if by ``demonitor(_:flush:)`` — a pg2 server that exits leaves no monitor behind.
    /// - Complexity: O(1) amortised here; for a pid of another node, one `monitor` message to it.
    ///   A pid already dead, or on a node not connected, costs no message: its DOWN is scheduled
    ///   here at once.
    @discardableResult
    public func monitor(
        _ pid: Pid, owner: Pid? = nil, _ deliver: @escaping @Sendable (Down) -> Void
    ) -> MonitorRef {
        enum Setup { case local, remote, noproc, noconnection }
        let (ref, setup) = state.withLock { s -> (MonitorRef, Setup) in
            s.nextRef += 1
            let ref = MonitorRef(node: name, creation: creation, serial: s.nextRef)
            guard s.alive else { return (ref, .noconnection) }
            if pid.node == name {
                guard s.actors[pid]?.actor != nil else { return (ref, .noproc) }
                s.addMonitor(ref, MonitorRecord(pid: pid, owner: owner, deliver: deliver))
                s.watchers[pid, default: []].append(Watcher(ref: ref, node: name))
                return (ref, .local)
            }
            guard s.peers.contains(pid.node) else { return (ref, .noconnection) }
            s.addMonitor(ref, MonitorRecord(pid: pid, owner: owner, deliver: deliver))
            return (ref, .remote)
        }
        switch setup {
        case .local: break
        case .remote: host.send(.monitor(ref: ref, pid: pid), from: self, to: pid.node)
        case .noproc, .noconnection:
            let down = Down(ref: ref, pid: pid, reason: setup == .noproc ? .noproc : .noconnection)
            host.later { [self] in
                host.note(name, "\(down)")
                deliver(down)
            }
        }
        return ref
    }

    /// Monitors `pid`, putting its ``Down`` into `mailbox`. Complexity: as the monitor above.
    @discardableResult
    public func monitor(_ pid: Pid, into mailbox: Mailbox<Down>) -> MonitorRef {
        monitor(pid) { mailbox.send($0) }
    }

    /// Removes a monitor. After this returns, the monitor's DOWN will not be delivered; with
    /// `flush`, one already in that mailbox is removed too (Erlang's `demonitor(Ref, [flush])`).
    /// - Complexity: O(1), plus O(w) for a local pid with w monitors on it (its watcher list is
    ///   scanned); for a pid of another node still connected, one `demonitor` message to it; with
    ///   `flush`, O(k) for the k elements waiting in `mailbox`.
    public func demonitor(_ ref: MonitorRef, flush mailbox: Mailbox<Down>? = nil) {
        let record = state.withLock { $0.removeMonitor(ref, localNode: name) }
        if let record { sendDemonitor(ref, record) }
        mailbox?.removeAll { $0.ref == ref }
    }

    /// Tells a remote pid's node to forget our monitor.
    func sendDemonitor(_ ref: MonitorRef, _ record: MonitorRecord) {
        if record.pid.node != name, isConnected(to: record.pid.node) {
            host.send(.demonitor(ref: ref, pid: record.pid), from: self, to: record.pid.node)
        }
    }

    /// The pids this node currently monitors, sorted (with repeats if monitored more than once).
    public var monitoredPids: [Pid] { state.withLock { $0.monitors.values.map(\.pid) }.sorted() }

    /// Delivers the DOWN for `ref` if the monitor still exists; this is what makes it exactly-once.
    /// `viaMessage` says whether the DOWN came over the network (and is in the trace already).
    /// A DOWN from a peer counts only if it is about that monitor's pid and the pid lives on that
    /// peer: a stray or forged DOWN is ignored and the monitor stays.
    func deliverDown(
        _ ref: MonitorRef, pid: Pid, reason: ExitReason, viaMessage: Bool = false, from peer: NodeName? = nil
    ) {
        let record = state.withLock { s -> MonitorRecord? in
            if let peer {
                guard let record = s.monitors[ref], record.pid == pid, pid.node == peer else { return nil }
            }
            return s.removeMonitor(ref, localNode: name)
        }
        guard let record else { return }
        let down = Down(ref: ref, pid: record.pid, reason: reason)
        if !viaMessage { host.note(name, "\(down)") }
        record.deliver(down)
    }

    /// A remote node asks to watch one of our processes.
    func addRemoteWatcher(_ ref: MonitorRef, pid: Pid, from peer: NodeName) {
        let alive = state.withLock { s -> Bool in
            guard s.actors[pid]?.actor != nil else { return false }
            s.watchers[pid, default: []].append(Watcher(ref: ref, node: peer))
            return true
        }
        if !alive { host.send(.down(ref: ref, pid: pid, reason: .noproc), from: self, to: peer) }
    }

    func removeRemoteWatcher(_ ref: MonitorRef, pid: Pid) {
        state.withLock { $0.removeWatcher(ref, of: pid) }
    }
}

extension NodeState {
    mutating func addMonitor(_ ref: MonitorRef, _ record: MonitorRecord) {
        monitors[ref] = record
        if let owner = record.owner { ownedMonitors[owner, default: []].insert(ref) }
    }

    /// Removes a monitor this node holds (and the watcher entry, for a local pid).
    mutating func removeMonitor(_ ref: MonitorRef, localNode: NodeName) -> MonitorRecord? {
        guard let record = monitors.removeValue(forKey: ref) else { return nil }
        if record.pid.node == localNode { removeWatcher(ref, of: record.pid) }
        if let owner = record.owner {
            ownedMonitors[owner]?.remove(ref)
            if ownedMonitors[owner]?.isEmpty == true { ownedMonitors[owner] = nil }
        }
        return record
    }

    mutating func removeWatcher(_ ref: MonitorRef, of pid: Pid) {
        guard var list = watchers[pid] else { return }
        list.removeAll { $0.ref == ref }
        watchers[pid] = list.isEmpty ? nil : list
    }
}
