import Distributed

/// Requests that arrive in Erlang's shape (``ErlangShaped``), run on a real node.
extension Node {
    /// Runs a request `{selector, args…}` of `kind` on local process `target`, for `caller`.
    ///
    /// A call is answered like any call — through ``Message/reply(id:_:)`` with `id` — with the
    /// declared function's answer (`ok` when it has none), or a ``CallError``: `noproc` for no
    /// such process, `badRequest` for a process that declares no such request or arguments
    /// that do not decode. A cast or an info is not answered; one that cannot run is noted and
    /// dropped, as Erlang drops a message nobody matches. The function runs in a task of its own.
    package func serveShaped(
        _ kind: ErlangRequestKind, _ selector: String, arguments: [Payload], target: Pid, id: UInt64,
        from caller: NodeName, callerPid: Pid? = nil
    ) {
        let request = CallRequest(
            id: id, target: target, method: selector, genericSubstitutions: [], arguments: arguments,
            oneWay: kind != .call)
        let handler = CallResultHandler(node: self, request: request, caller: caller)
        guard let actor = localActor(target) else {
            handler.reply(.failure(ErrorBox(error: errorPayload(CallError.noproc(target)))))
            return
        }
        guard let shaped = actor as? any ErlangShaped else {
            refuse(handler, "\(target) is a \(type(of: actor)), which takes no Erlang-shaped requests")
            return
        }
        spawn { [self] in
            await runShaped(
                shaped, kind, selector, ErlangArguments(node: self, payloads: arguments, caller: callerPid), handler)
        }
    }

    private func runShaped<Server: ErlangShaped>(
        _ server: Server, _ kind: ErlangRequestKind, _ selector: String, _ arguments: ErlangArguments,
        _ handler: CallResultHandler
    ) async {
        guard let entry = Server.erlangShape.entry(kind, selector, arity: arguments.count) else {
            refuse(handler, "\(Server.self) takes no \(kind) \(selector)/\(arguments.count)")
            return
        }
        do {
            let answer = try await entry.run(server, arguments) ?? Atom.ok
            handler.reply(.success(try host.codec.encode(answer, for: self)))
        } catch {
            if kind != .call { host.note(name, "\(kind) \(selector) to \(handler.request.target) failed: \(error)") }
            handler.reply(.failure(ErrorBox(error: errorPayload(error))))
        }
    }

    private func refuse(_ handler: CallResultHandler, _ why: String) {
        host.note(name, "refused: \(why)")
        handler.reply(.failure(ErrorBox(error: errorPayload(CallError.badRequest(why)))))
    }
}

extension Node {
    /// Whether local process `target` takes `{selector, …}` with `arity` arguments in Erlang's
    /// shape (a router hands what it does not take to the distribution layer's own processes).
    package func takesShaped(_ kind: ErlangRequestKind, _ selector: String, arity: Int, target: Pid) -> Bool {
        guard let shaped = localActor(target) as? any ErlangShaped else { return false }
        return Self.declares(shaped, kind, selector, arity)
    }

    private static func declares<Server: ErlangShaped>(
        _ server: Server, _ kind: ErlangRequestKind, _ selector: String,
        _ arity: Int
    ) -> Bool {
        Server.erlangShape.entry(kind, selector, arity: arity) != nil
    }

    /// Records `text` in the host's log or trace (a real node's refusals and drops).
    package func note(_ text: String) { host.note(name, text) }
}
