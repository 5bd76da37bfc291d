import Cluster
import ErlangDist

/// The node's messages, out to the wire.
extension ErlangRouter {
    /// Sends `message` to `peer`. Nothing goes to a node that is not connected: the node admits a
    /// call only to a connected node, and a cast to an unconnected one is lost, as in the simulator.
    func send(_ message: Message, to peer: String) {
        guard dist.isConnected(to: peer) else { return }
        switch message {
        case .call(let request): sendCall(request, to: peer)
        case .reply(let id, let result):
            guard let call = state.withLock({ $0.inCalls.removeValue(forKey: id) }) else { return }
            dist.send(
                Frame(control: .send(to: call.from), message: .tuple([call.tag, Self.replyTerm(result)])), to: peer)
        case .monitor(let ref, let pid):
            let erlangRef = dist.makeReference()
            let target = monitorTarget(pid)
            state.withLock { s in
                s.outMonitors[erlangRef] = RouterState.OutMonitor(ref: ref, pid: pid, target: target)
                s.outMonitorRefs[ref] = erlangRef
            }
            dist.send(Frame(control: .monitor(from: sink, target: target, ref: erlangRef)), to: peer)
        case .demonitor(let ref, _):
            let found = state.withLock { s -> (ErlangReference, MonitorTarget)? in
                guard let erlangRef = s.outMonitorRefs.removeValue(forKey: ref),
                    let monitor = s.outMonitors.removeValue(forKey: erlangRef)
                else { return nil }
                return (erlangRef, monitor.target)
            }
            if let (erlangRef, target) = found {
                dist.send(Frame(control: .demonitor(from: sink, target: target, ref: erlangRef)), to: peer)
            }
        case .down(let ref, _, let reason):
            // A DOWN for a monitor of a peer's process, or for a link's (which goes out as EXIT).
            enum Watch { case monitor(RouterState.InMonitor), link(RouterState.InLink) }
            let watch = state.withLock { s -> Watch? in
                if let m = s.inMonitors.removeValue(forKey: ref) {
                    s.inMonitorRefs[m.erlangRef] = nil
                    return .monitor(m)
                }
                guard let link = s.inLinks.removeValue(forKey: ref) else { return nil }
                s.inLinkRefs[link.key] = nil
                return .link(link)
            }
            switch watch {
            case .monitor(let monitor):
                dist.send(
                    Frame(
                        control: .monitorExit(
                            target: monitor.target, to: monitor.watcher, ref: monitor.erlangRef,
                            reason: ExitReasons.term(reason))), to: peer)
            case .link(let link):
                dist.send(
                    Frame(control: .exit(from: link.key.local, to: link.key.erlang, reason: ExitReasons.term(reason))),
                    to: peer)
            case nil:
                break
            }
        case .exit(let pid, let reason):
            guard !pid.isWellKnown else { return }
            dist.send(
                Frame(control: .exit2(from: sink, to: aliases.erlangPid(pid), reason: ExitReasons.term(reason))),
                to: peer)
        }
    }

    /// A call or cast: `'$gen_call'` (monitoring the target first) or `'$gen_cast'`, or a plain
    /// message for a request its type declares as one.
    private func sendCall(_ request: CallRequest, to peer: String) {
        let shape = request.genericSubstitutions.isEmpty ? ErlangShapes.shape(ofMethod: request.method) : nil
        var arguments = request.arguments.map { (try? Term(payload: $0)) ?? .atom("undefined") }
        if let rewrite = shape?.arguments, let node {
            // The request's arguments are not the function's: rebuild them from the decoded ones.
            do {
                let values = try rewrite(ErlangArguments(node: node, payloads: request.arguments))
                arguments = try values.map { try Term(payload: codec.encode($0, for: node)) }
            } catch {
                node.note("cannot put \(CallNames.short(request.method)) in its Erlang shape: \(error); not sent")
                return
            }
        }
        let body: Term
        if let shape {
            body = arguments.isEmpty ? .atom(shape.selector) : .tuple([.atom(shape.selector)] + arguments)
        } else {
            body = .tuple([
                .atom("$swift_call"), .binary(Array(request.method.utf8)),
                .properList(request.genericSubstitutions.map { .binary(Array($0.utf8)) }), .properList(arguments),
            ])
        }
        let target = monitorTarget(request.target)
        let send: (Term) -> Frame = { [sink] message in
            switch target {
            case .pid(let pid): Frame(control: .send(to: pid), message: message)
            case .name(let name): Frame(control: .regSend(from: sink, to: name), message: message)
            }
        }
        if request.oneWay {
            dist.send(send(shape?.kind == .info ? body : .tuple([.atom("$gen_cast"), body])), to: peer)
        } else {
            let tag = dist.makeReference()
            state.withLock { s in
                s.outCalls[tag] = RouterState.OutCall(
                    id: request.id, peer: peer, target: request.target, monitor: target)
            }
            let call = Term.tuple([.atom("$gen_call"), .tuple([.pid(sink), .reference(tag)]), body])
            dist.send([Frame(control: .monitor(from: sink, target: target, ref: tag)), send(call)], to: peer)
        }
    }

    /// A registered name is monitored and messaged by name, as `gen_server` does; a pid by pid.
    func monitorTarget(_ pid: Pid) -> MonitorTarget {
        if let name = pid.name { return .name(name) }
        return .pid(aliases.erlangPid(pid))
    }

    /// The reply to a call served here: the function's value (`ok` for none), or
    /// `{'$swift_error', Description, ErrorType, Error}` for an error (type and error
    /// `undefined` when the error is not one a Swift node can rebuild).
    static func replyTerm(_ result: Result<Payload?, ErrorBox>) -> Term {
        switch result {
        case .success(let payload):
            return payload.flatMap { try? Term(payload: $0) } ?? .atom("ok")
        case .failure(let box):
            let error = box.error
            return .tuple([
                .atom("$swift_error"), .binary(Array(error.description.utf8)),
                error.typeName.map { .binary(Array($0.utf8)) } ?? .atom("undefined"),
                error.payload.flatMap { try? Term(payload: $0) } ?? .atom("undefined"),
            ])
        }
    }
}
