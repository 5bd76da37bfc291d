/// What a node does with each control message a peer sends.
///
/// This is where a peer's intentions meet local state, so nothing is trusted: a message to a pid
/// or name that does not exist here is dropped with a log line (Erlang drops it silently: a dead
/// process's mail goes nowhere), a monitor of one is answered `noproc` at once, and a message
/// about a process of a third node is ignored. Decoding errors never reach here: the connection
/// closes on them (``Connection``).
extension DistNode {
    func dispatch(_ frame: Frame, from connection: Connection) {
        let peer = connection.peer.name
        if let router, router.route(frame, from: peer) { return }
        switch frame.control {
        case .send(let to):
            guard isLocal(to), deliver(.message(frame.message ?? .nil), to: to) else {
                log("\(peer) sent a message to \(Term.pid(to).brief), not a live process here: dropped")
                return
            }
        case .regSend(_, let name):
            guard let pid = whereis(name), deliver(.message(frame.message ?? .nil), to: pid) else {
                log("\(peer) sent a message to '\(name)', a name not registered here: dropped")
                return
            }
        case .link(let from, let to):
            guard from.node == peer, isLocal(to) else { return ignored(frame, from: peer) }
            let known = state.withLock { s -> Bool in
                guard s.processes[to] != nil else { return false }
                s.processes[to]!.links.insert(from)
                return true
            }
            if !known, let reply = encode(Frame(control: .exit(from: to, to: from, reason: .atom("noproc")))) {
                connection.send(reply)
            }
        case .exit(let from, let to, let reason):
            guard from.node == peer, isLocal(to) else { return ignored(frame, from: peer) }
            let linked = state.withLock { $0.processes[to]?.links.remove(from) != nil }
            if linked { signalExit(to: to, from: from, reason: reason, viaLink: true) }
        case .unlink(let from, let to):
            guard isLocal(to) else { return ignored(frame, from: peer) }
            state.withLock { _ = $0.processes[to]?.links.remove(from) }
        case .unlinkID(let id, let from, let to):
            guard from.node == peer, isLocal(to) else { return ignored(frame, from: peer) }
            state.withLock { _ = $0.processes[to]?.links.remove(from) }
            if let ack = encode(Frame(control: .unlinkIDAck(id: id, from: to, to: from))) { connection.send(ack) }
        case .unlinkIDAck, .nodeLink, .groupLeader:
            break
        case .exit2(let from, let to, let reason):
            guard isLocal(to) else { return ignored(frame, from: peer) }
            signalExit(to: to, from: from, reason: reason, viaLink: false)
        case .monitor(let from, let target, let ref):
            guard from.node == peer else { return ignored(frame, from: peer) }
            let found = state.withLock { s -> Bool in
                let pid: ErlangPid? =
                    switch target {
                    case .pid(let p): isLocal(p) && s.processes[p] != nil ? p : nil
                    case .name(let n): s.names[n]
                    }
                guard let pid else { return false }
                s.processes[pid]!.watchers[ref] = Watcher(pid: from, target: target)
                return true
            }
            if !found,
                let reply = encode(
                    Frame(control: .monitorExit(target: target, to: from, ref: ref, reason: .atom("noproc"))))
            {
                connection.send(reply)
            }
        case .demonitor(_, let target, let ref):
            state.withLock { s in
                let pid: ErlangPid? =
                    switch target {
                    case .pid(let p): p
                    case .name(let n): s.names[n]
                    }
                if let pid, s.processes[pid]?.watchers.removeValue(forKey: ref) != nil { return }
                for key in Array(s.processes.keys) where s.processes[key]!.watchers[ref] != nil {
                    s.processes[key]!.watchers[ref] = nil
                }
            }
        case .monitorExit(_, let to, let ref, let reason):
            guard isLocal(to) else { return ignored(frame, from: peer) }
            let watched = state.withLock { s -> Watched? in
                guard let w = s.processes[to]?.watching[ref], w.node == peer else { return nil }
                s.processes[to]!.watching[ref] = nil
                return w
            }
            if let watched { deliver(.down(ref: ref, object: watched.object, reason: reason), to: to) }
        }
    }

    private func ignored(_ frame: Frame, from peer: String) {
        log("\(peer) sent \(frame.control.term.brief), naming processes it has no say over: ignored")
    }
}
