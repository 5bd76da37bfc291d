/// Monitors and links: how a process learns that another one, perhaps on another node, ended.
///
/// A monitor is one-way and one-shot: the watcher gets a single `DOWN` with the reason. A link is
/// two-way: when either process ends, the other receives an exit signal. Across nodes both are
/// control messages (MONITOR_P / DEMONITOR_P / MONITOR_P_EXIT; LINK / EXIT / UNLINK_ID), and
/// both end with `noconnection` when the connection between the nodes is lost.
extension DistNode {
    func monitor(_ target: MonitorTarget, on node: String, by watcher: ErlangPid) -> ErlangReference {
        let ref = makeReference()
        var effects = Effects()
        state.withLock { s in
            guard s.processes[watcher] != nil else { return }
            if node == name {
                let resolved: ErlangPid? =
                    switch target {
                    case .pid(let p): s.processes[p] != nil ? p : nil
                    case .name(let n): s.names[n]
                    }
                let watched = Watched(node: node, target: target, resolved: resolved)
                guard let resolved else {
                    let mail = Mail.down(ref: ref, object: watched.object, reason: .atom("noproc"))
                    effects.add { self.deliver(mail, to: watcher) }
                    return
                }
                s.processes[resolved]!.watchers[ref] = Watcher(pid: watcher, target: target)
                s.processes[watcher]!.watching[ref] = watched
            } else {
                let watched = Watched(node: node, target: target, resolved: nil)
                guard NodeNames.isValid(node),
                    let frame = encode(Frame(control: .monitor(from: watcher, target: target, ref: ref)))
                else {
                    let mail = Mail.down(ref: ref, object: watched.object, reason: .atom("noconnection"))
                    effects.add { self.deliver(mail, to: watcher) }
                    return
                }
                s.processes[watcher]!.watching[ref] = watched
                effects.add { self.route(frame, to: node) }
            }
        }
        effects.run()
        return ref
    }

    func demonitor(_ ref: ErlangReference, by watcher: ErlangPid) {
        var effects = Effects()
        state.withLock { s in
            guard let watched = s.processes[watcher]?.watching.removeValue(forKey: ref) else { return }
            if let target = watched.resolved {
                s.processes[target]?.watchers[ref] = nil
            } else if let frame = encode(Frame(control: .demonitor(from: watcher, target: watched.target, ref: ref))) {
                effects.add { self.route(frame, to: watched.node) }
            }
        }
        effects.run()
    }

    func link(_ a: ErlangPid, _ b: ErlangPid) {
        guard a != b else { return }
        var effects = Effects()
        state.withLock { s in
            guard s.processes[a] != nil else { return }
            if isLocal(b) {
                guard s.processes[b] != nil else {
                    effects.add { self.signalExit(to: a, from: b, reason: .atom("noproc"), viaLink: true) }
                    return
                }
                s.processes[b]!.links.insert(a)
            } else if let frame = encode(Frame(control: .link(from: a, to: b))) {
                effects.add { self.route(frame, to: b.node) }
            }
            s.processes[a]!.links.insert(b)
        }
        effects.run()
    }

    func unlink(_ a: ErlangPid, _ b: ErlangPid) {
        var effects = Effects()
        state.withLock { s in
            guard s.processes[a]?.links.remove(b) != nil else { return }
            if isLocal(b) {
                s.processes[b]?.links.remove(a)
            } else if let frame = encode(Frame(control: .unlinkID(id: .integer(Int64(s.newID())), from: a, to: b))) {
                effects.add { self.route(frame, to: b.node) }
            }
        }
        effects.run()
    }
}
