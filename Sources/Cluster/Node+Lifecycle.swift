import Distributed

/// How processes end, how messages arrive, and how connections come and go.
extension Node {
    /// Ends process `pid` with `reason`: Erlang's `exit(Pid, Reason)`.
    ///
    /// For a local pid: the process leaves the registry (calls through the system now get
    /// ``CallError/noproc(_:)``, its well-known name is free) and every monitor on it fires once.
    /// For a remote pid: an exit signal is sent to its node, if connected. Exiting a dead pid
    /// does nothing.
    /// - Complexity: for a local pid, O(w + o log o + t) for its w watchers, the o monitors it
    ///   held and the node's t published tables (scanned for those it owned): one DOWN per
    ///   watcher — a `down` message to each remote one — and a `demonitor` message for each of
    ///   its monitors on a connected remote pid. For a remote pid, one `exit` message (none if
    ///   its node is not connected).
    public func exit(_ pid: Pid, reason: ExitReason = .killed) {
        if pid.node == name {
            processEnded(pid, reason: reason)
        } else if isConnected(to: pid.node) {
            host.send(.exit(pid: pid, reason: reason), from: self, to: pid.node)
        }
    }

    /// A local process ended: by ``exit(_:reason:)``, or by deinit (``resignID(_:)``).
    ///
    /// `onlyIfReleased` is for deinit: a well-known pid may already belong to a newer actor, and
    /// an old actor's deinit must not end that one. During deinit, weak references to the dying
    /// actor already read `nil`, which tells the two apart.
    func processEnded(_ pid: Pid, reason: ExitReason, onlyIfReleased: Bool = false) {
        let ended = state.withLock {
            s -> (
                watchers: [Watcher], owned: (any DistributedActor)?, monitors: [(MonitorRef, MonitorRecord)],
                tables: [any AnyObject & Sendable]
            )? in
            guard s.alive, let entry = s.actors[pid] else { return nil }
            if onlyIfReleased, entry.actor != nil { return nil }
            s.actors[pid] = nil
            let refs = (s.ownedMonitors[pid] ?? []).sorted()  // in the order they were made
            let monitors = refs.compactMap { ref in s.removeMonitor(ref, localNode: name).map { (ref, $0) } }
            return (
                s.watchers.removeValue(forKey: pid) ?? [], s.registered.removeValue(forKey: pid), monitors,
                s.dropTables(ownedBy: pid)
            )
        }
        // The node's own reference to a registered actor is dropped here, outside the lock: it
        // may be the last one, and the actor's deinit calls back into the node.
        guard let (watchers, _, ownedMonitors, tables) = ended else { return }
        for table in tables { (table as? any OwnedTable)?.ownerEnded() }
        for (ref, record) in ownedMonitors { sendDemonitor(ref, record) }
        host.note(name, "exit \(pid) \(reason)")
        for watcher in watchers {
            if watcher.node == name {
                host.later { [self] in deliverDown(watcher.ref, pid: pid, reason: reason) }
            } else {
                host.send(.down(ref: watcher.ref, pid: pid, reason: reason), from: self, to: watcher.node)
            }
        }
    }

    /// A message arrived from `peer`. Called by the host, on the node's executor, in arrival order.
    /// - Complexity: a call starts one task that runs it (decoding its arguments, O(their size),
    ///   then the function) and sends one reply (none for a cast); a reply, a DOWN or a monitor
    ///   request is O(1) (amortised; a monitor request for a dead pid sends a `down` back); a
    ///   `demonitor` is O(w) for the w watchers of its pid; an exit costs what ``exit(_:reason:)``
    ///   costs for a local pid.
    public func receive(_ message: Message, from peer: NodeName) {
        guard isAlive else { return }
        switch message {
        case .call(let request):
            spawn { [self] in await serve(request, from: peer) }
        case .reply(let id, let result):
            completeCall(id, result, from: peer)
        case .monitor(let ref, let pid):
            addRemoteWatcher(ref, pid: pid, from: peer)
        case .demonitor(let ref, let pid):
            removeRemoteWatcher(ref, pid: pid)
        case .down(let ref, let pid, let reason):
            deliverDown(ref, pid: pid, reason: reason, viaMessage: true, from: peer)
        case .exit(let pid, let reason):
            processEnded(pid, reason: reason)
        }
    }

    /// The connection to `peer` is up. Subscribers hear `nodeUp` before any message from `peer`
    /// can arrive: the host calls this before it carries anything over the new connection.
    /// - Complexity: O(s log s) for the node's s subscribers, each sent one `nodeUp`.
    public func connectionUp(_ peer: NodeName) {
        let subscribers = state.withLock { s -> [Mailbox<NodeEvent>]? in
            guard s.alive, peer != name, s.peers.insert(peer).inserted else { return nil }
            return s.subscribers.keys.sorted().compactMap { s.subscribers[$0] }
        }
        guard let subscribers else { return }
        host.later { [self] in
            host.note(name, "nodeup \(peer)")
            for mailbox in subscribers { mailbox.send(.nodeUp(peer)) }
        }
    }

    /// The connection to `peer` is gone. In this order:
    /// 1. calls waiting on `peer` fail with ``CallError/noconnection(_:)``;
    /// 2. monitors on `peer`'s processes fire with `noconnection`, in monitor order;
    /// 3. `nodeDown(peer)` reaches the subscribers.
    /// Monitors `peer` held on our processes are forgotten (it will never hear of them again).
    /// - Complexity: O(c log c + m log m + q log q + w + s log s) for the node's c pending calls,
    ///   m monitors, q watched processes (w watcher entries) and s subscribers: it scans all of
    ///   them, not only those on `peer`, and sorts what it takes so the order is the same every
    ///   run. Sends nothing.
    public func connectionDown(_ peer: NodeName) {
        let lost = state.withLock {
            s -> (calls: [PendingCall], downs: [(MonitorRef, Pid)], subs: [Mailbox<NodeEvent>])? in
            guard s.peers.remove(peer) != nil else { return nil }
            let callIDs = s.pending.keys.filter { s.pending[$0]?.target.node == peer }.sorted()
            let calls = callIDs.compactMap { s.pending.removeValue(forKey: $0) }
            let downs = s.monitors.keys.filter { s.monitors[$0]?.pid.node == peer }.sorted()
                .compactMap { ref in s.monitors[ref].map { (ref, $0.pid) } }
            for pid in s.watchers.keys.sorted() {
                s.watchers[pid]?.removeAll { $0.node == peer }
                if s.watchers[pid]?.isEmpty == true { s.watchers[pid] = nil }
            }
            let subs = s.subscribers.keys.sorted().compactMap { s.subscribers[$0] }
            return (calls, downs, subs)
        }
        guard let lost else { return }
        for call in lost.calls {
            if let timer = call.timer { host.cancelTimer(timer) }
            call.continuation.resume(throwing: CallError.noconnection(peer))
        }
        host.later { [self] in
            for (ref, pid) in lost.downs { deliverDown(ref, pid: pid, reason: .noconnection) }
            host.note(name, "nodedown \(peer)")
            for mailbox in lost.subs { mailbox.send(.nodeDown(peer)) }
        }
    }

    /// This incarnation stops for good: every process is gone at once, nothing is sent.
    ///
    /// Peers learn of it through their own connections going down (``connectionDown(_:)``), as in
    /// Erlang, where a crashed VM cannot say goodbye. Calls this node was waiting on fail with
    /// `noconnection`, and its node-event streams end.
    /// - Complexity: O(c log c + s log s + t log t) for its c pending calls, s subscribers and t
    ///   tables (sorted, so they fail and end in order), plus O(1) per process, monitor and
    ///   watcher dropped. Sends nothing.
    public func halt() {
        let (calls, subscribers, owned, tables) = state.withLock {
            s -> ([PendingCall], [Mailbox<NodeEvent>], [Pid: any DistributedActor], [any AnyObject & Sendable]) in
            guard s.alive else { return ([], [], [:], []) }
            s.alive = false
            s.peers.removeAll()
            s.monitors.removeAll()
            s.ownedMonitors.removeAll()
            s.watchers.removeAll()
            let calls = s.pending.keys.sorted().compactMap { s.pending[$0] }
            s.pending.removeAll()
            let subs = s.subscribers.keys.sorted().compactMap { s.subscribers[$0] }
            s.subscribers.removeAll()
            s.actors.removeAll()
            defer {
                s.registered.removeAll()
                s.tables.removeAll()
                s.tableOwners.removeAll()
            }
            return (calls, subs, s.registered, s.tables.keys.sorted().compactMap { s.tables[$0] })
        }
        withExtendedLifetime(owned) {}  // registered actors are released outside the lock
        for table in tables { (table as? any OwnedTable)?.ownerEnded() }
        for call in calls {
            if let timer = call.timer { host.cancelTimer(timer) }
            call.continuation.resume(throwing: CallError.noconnection(call.target.node))
        }
        for mailbox in subscribers { mailbox.finish() }
    }
}
