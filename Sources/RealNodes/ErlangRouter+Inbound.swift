import Cluster
import ErlangDist

/// Frames from the wire, in to the node. Each is checked against what this node knows: a frame
/// that names none of the node's processes, calls or monitors is not the router's, and the
/// distribution layer handles it (its own processes, or a drop with a log line). Nothing a peer
/// sends can reach a process of another node, complete a call made to another node, or fire a
/// monitor on another node's process; and a link's exit signal ends only a process of this node
/// linked to one of the sending peer's own processes.
extension ErlangRouter {
    /// Takes `frame` if it is the node's. Called on the connection's reader thread, which then
    /// runs the work the frame gave an idle node itself (``NodeQueue/handing(_:)``).
    func route(_ frame: Frame, from peer: String) -> Bool {
        queue.handing { take(frame, from: peer) }
    }

    private func take(_ frame: Frame, from peer: String) -> Bool {
        guard let node else { return false }
        switch frame.control {
        case .send(let to):
            if to == sink { return reply(frame.message ?? .nil, from: peer, node) }
            guard let pid = localPid(to, node) else { return false }
            handle(frame.message ?? .nil, to: pid, from: peer, node)
            return true
        case .regSend(_, let name):
            guard node.whereis(name) != nil else { return false }
            let pid = Pid(named: name, on: node.name), message = frame.message ?? .nil
            // The distribution layer keeps a process of its own under some names Swift servers
            // use too (`global_name_server` answers global's `init_connect`): what the Swift
            // server does not take goes there.
            if dist.whereis(name) != nil, !takes(message, pid, node) { return false }
            handle(message, to: pid, from: peer, node)
            return true
        case .monitor(_, .pid(let target), _) where target == sink:
            // The sink lives as long as the node: a monitor of it can only end with the connection.
            return true
        case .monitor(let watcher, let target, let erlangRef):
            guard watcher.node == peer, let pid = localPid(target, node) else { return false }
            let ref = state.withLock { s -> MonitorRef in
                s.nextInMonitor += 1
                let ref = MonitorRef(node: NodeName(peer), creation: 0, serial: s.nextInMonitor)
                s.inMonitors[ref] = RouterState.InMonitor(
                    erlangRef: erlangRef, watcher: watcher, target: target, pid: pid)
                s.inMonitorRefs[erlangRef] = ref
                return ref
            }
            deliver(.monitor(ref: ref, pid: pid), from: peer, to: node)
            return true
        case .demonitor(_, _, let erlangRef):
            guard
                let (ref, pid) = state.withLock({ s -> (MonitorRef, Pid)? in
                    guard let ref = s.inMonitorRefs.removeValue(forKey: erlangRef),
                        let monitor = s.inMonitors.removeValue(forKey: ref)
                    else { return nil }
                    return (ref, monitor.pid)
                })
            else { return false }
            deliver(.demonitor(ref: ref, pid: pid), from: peer, to: node)
            return true
        case .monitorExit(_, let to, let erlangRef, let reason):
            guard to == sink else { return false }
            return monitorFired(erlangRef, reason: reason, from: peer, node)
        case .exit2(_, let to, let reason):
            guard let pid = localPid(to, node) else { return false }
            deliver(.exit(pid: pid, reason: ExitReasons.reason(reason)), from: peer, to: node)
            return true
        case .link(let from, let to), .exit(let from, let to, _), .unlink(let from, let to),
            .unlinkID(_, let from, let to):
            // An Erlang process's link to a Swift process (see the type's comment). Only the
            // peer's own processes link, and only to a live process of this node: the rest (a
            // link to a dead Swift process, answered `noproc`; an exit or unlink for one) is the
            // distribution layer's.
            if to == sink {
                // The sink lives as long as the node and takes no exit signals: its links change nothing.
                if case .unlinkID(let id, _, _) = frame.control, from.node == peer {
                    dist.send(Frame(control: .unlinkIDAck(id: id, from: sink, to: from)), to: peer)
                }
                return true
            }
            guard from.node == peer, let pid = localPid(to, node) else { return false }
            linkSignal(frame.control, RouterState.InLink.Key(erlang: from, local: to), pid, from: peer, node)
            return true
        case .unlinkIDAck, .nodeLink, .groupLeader:
            return false
        }
    }

    /// LINK, EXIT, UNLINK or UNLINK_ID between Erlang process `key.erlang` and `pid`, the live
    /// Swift process `key.local`. A link is watched with a monitor of the node's (the DOWN goes out
    /// as EXIT, ``send(_:to:)``); an EXIT ends `pid` with its reason unless it is `normal`, and only
    /// if the link was there (as in Erlang, an exit signal of a link that is gone is ignored).
    private func linkSignal(
        _ control: ControlMessage, _ key: RouterState.InLink.Key, _ pid: Pid, from peer: String, _ node: Node
    ) {
        if case .link = control {
            if let ref = state.withLock({ $0.addLink(key, pid, peer: peer) }) {
                deliver(.monitor(ref: ref, pid: pid), from: peer, to: node)
            }
            return
        }
        if let ref = state.withLock({ $0.removeLink(key) }) {
            deliver(.demonitor(ref: ref, pid: pid), from: peer, to: node)
            if case .exit(_, _, let reason) = control, reason != .atom("normal") {
                // A link passes on its process's reason as it is: `kill` here is an ordinary reason
                // (a process that ended with `exit(kill)`); only exit/2's `kill` becomes `killed`.
                let why = reason == .atom("kill") ? ExitReason.other("kill") : ExitReasons.reason(reason)
                deliver(.exit(pid: pid, reason: why), from: peer, to: node)
            }
        }
        if case .unlinkID(let id, _, _) = control {
            dist.send(Frame(control: .unlinkIDAck(id: id, from: key.local, to: key.erlang)), to: peer)
        }
    }

    /// The Swift pid an Erlang pid of this node stands for, if a live Swift process has it.
    func localPid(_ erlangPid: ErlangPid, _ node: Node) -> Pid? {
        guard erlangPid.node == dist.name else { return nil }
        let pid = aliases.pid(erlangPid)
        return node.isAlive(pid) ? pid : nil
    }

    func localPid(_ target: MonitorTarget, _ node: Node) -> Pid? {
        switch target {
        case .pid(let p): localPid(p, node)
        case .name(let name): node.whereis(name)
        }
    }

    /// Whether the Swift process `pid` takes `message`: a Swift call, or a request its type declares.
    private func takes(_ message: Term, _ pid: Pid, _ node: Node) -> Bool {
        let incoming = IncomingRequest(message)
        if incoming.isSwiftCall { return true }
        guard let (selector, arguments) = incoming.shaped else { return false }
        return node.takesShaped(incoming.kind, selector, arity: arguments.count, target: pid)
    }

    /// A message for one of the node's processes: a Swift call by its function, anything else by
    /// the shape the target's type declares.
    private func handle(_ message: Term, to pid: Pid, from peer: String, _ node: Node) {
        let caller = NodeName(peer)
        let incoming = IncomingRequest(message)
        var id: UInt64 = 0
        if let call = incoming.call {
            guard call.from.node == peer else {
                return node.note("\(peer) sent a call on behalf of \(call.from.node); ignored")
            }
            id = state.withLock { s -> UInt64 in
                s.nextInCall += 1
                s.inCalls[s.nextInCall] = RouterState.InCall(from: call.from, tag: call.tag)
                return s.nextInCall
            }
        }
        let kind = incoming.kind
        if incoming.isSwiftCall {
            guard kind != .info, case .tuple(let e) = incoming.request, case .binary(let method) = e[1],
                let substitutions = e[2].properListElements, let arguments = e[3].properListElements,
                let names = Optional(substitutions.compactMap(\.binaryText)), names.count == substitutions.count
            else { return refuse(id, kind, "a malformed Swift call", to: caller, node) }
            let call = CallRequest(
                id: id, target: pid, method: String(decoding: method, as: UTF8.self),
                genericSubstitutions: names, arguments: arguments.map(\.payload), oneWay: kind == .cast)
            // The node starts a task of its own for each call — on its queue, behind what arrived
            // before — so the call needs no turn there first.
            node.receive(.call(call), from: caller)
            return
        }
        guard let (selector, arguments) = incoming.shaped else {
            return refuse(id, kind, "\(incoming.request) is not a request {Selector, Argument…}", to: caller, node)
        }
        node.serveShaped(
            kind, selector, arguments: arguments.map(\.payload), target: pid, id: id, from: caller,
            callerPid: incoming.call.map { aliases.pid($0.from) })
    }

    private func refuse(_ id: UInt64, _ kind: ErlangRequestKind, _ why: String, to caller: NodeName, _ node: Node) {
        node.note("refused a \(kind) from \(caller): \(why)")
        guard kind == .call else { return }
        send(
            .reply(id: id, .failure(ErrorBox(error: node.errorPayload(CallError.badRequest(why))))), to: caller.rawValue
        )
    }

    /// `{Tag, Reply}` to the sink: the answer to one of this node's calls.
    private func reply(_ message: Term, from peer: String, _ node: Node) -> Bool {
        guard case .tuple(let e) = message, e.count == 2, case .reference(let tag) = e[0],
            let call = state.withLock({ s -> RouterState.OutCall? in
                guard s.outCalls[tag]?.peer == peer else { return nil }
                return s.outCalls.removeValue(forKey: tag)
            })
        else {
            node.note("\(peer) sent \(message) to the call sink, which answers no call of it; dropped")
            return true
        }
        // A reply only wakes the waiting caller, which then runs on the node's executor — on this
        // thread once `route` returns, if the node is idle: it needs no turn of its own there. The
        // demonitor is written first, on this thread. (Writing it after the caller's turn, as a
        // job behind it, measured slower: 98–137 µs against 60–65 µs per echo call.)
        node.receive(.reply(id: call.id, Self.result(of: e[1])), from: NodeName(peer))
        dist.send(Frame(control: .demonitor(from: sink, target: call.monitor, ref: tag)), to: peer)
        return true
    }

    /// A DOWN for the sink: a call's target is gone (the call fails), or a monitored process ended.
    private func monitorFired(_ erlangRef: ErlangReference, reason: Term, from peer: String, _ node: Node) -> Bool {
        enum Fired { case call(RouterState.OutCall), monitor(RouterState.OutMonitor) }
        let fired = state.withLock { s -> Fired? in
            if s.outCalls[erlangRef]?.peer == peer { return s.outCalls.removeValue(forKey: erlangRef).map(Fired.call) }
            guard let monitor = s.outMonitors[erlangRef], monitor.pid.node.rawValue == peer else { return nil }
            s.outMonitors[erlangRef] = nil
            s.outMonitorRefs[monitor.ref] = nil
            return .monitor(monitor)
        }
        switch fired {
        case .call(let call):
            let error: CallError =
                switch ExitReasons.reason(reason) {
                case .noproc: .noproc(call.target)
                case .noconnection: .noconnection(call.target.node)
                case let other: .remote("\(call.target) ended before it answered: \(other)")
                }
            deliver(.reply(id: call.id, .failure(ErrorBox(error: node.errorPayload(error)))), from: peer, to: node)
        case .monitor(let monitor):
            deliver(.down(ref: monitor.ref, pid: monitor.pid, reason: ExitReasons.reason(reason)), from: peer, to: node)
        case nil:
            return false
        }
        return true
    }

    /// A reply term as the node's result: `{'$swift_error', …}` is an error, anything else a value.
    static func result(of reply: Term) -> Result<Payload?, ErrorBox> {
        if case .tuple(let e) = reply, e.count == 4, e[0] == .atom("$swift_error") {
            let description = e[1].binaryText ?? "\(e[1])"
            return .failure(
                ErrorBox(
                    error: ErrorPayload(
                        typeName: e[2].binaryText, payload: e[2].binaryText == nil ? nil : e[3].payload,
                        description: description)))
        }
        return .success(reply.payload)
    }
}

extension Term {
    var binaryText: String? {
        if case .binary(let bytes) = self { return String(validating: bytes, as: UTF8.self) }
        return nil
    }

    var atomText: String? {
        if case .atom(let name) = self { return name }
        return nil
    }
}
