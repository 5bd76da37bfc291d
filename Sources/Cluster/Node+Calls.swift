import Distributed

/// Calls between processes: Erlang's `gen_server:call`, `cast` and `multi_call`.
///
/// A call to a remote actor becomes a ``CallRequest`` message; the caller's task waits on a
/// continuation until the ``Message/reply(id:_:)`` comes back, the connection to the target's
/// node goes down (``CallError/noconnection(_:)``), or the timeout passes
/// (``CallError/timeout(_:_:)``). On the receiving node each request runs in a task of its own.
///
/// > Note: Erlang's calls are messages plus a selective `receive`; Swift's are typed
/// > request/response functions. The upshot for a server is re-entrancy: a gen_server handles one
/// > message at a time, while a Swift actor lets another call in at every `await` inside a method.
public struct CallOptions: Sendable {
    /// How long a call waits for its reply; `nil` waits for ever (pg2's `multi_call` does).
    public var timeout: Duration? = .seconds(5)
    /// Set by ``Node/cast(_:_:)``: send, do not wait.
    var oneWay = false

    /// The options in force for calls made by the current task.
    @TaskLocal public static var current = CallOptions()
}

extension Node {
    /// Runs `body` with `timeout` for every call it makes (nil: no timeout). O(1) plus `body`.
    public func withCallTimeout<T: Sendable>(
        _ timeout: Duration?, _ body: () async throws -> T
    ) async rethrows -> T {
        var options = CallOptions.current
        options.timeout = timeout
        return try await CallOptions.$current.withValue(options) { try await body() }
    }

    /// Sends a call to `target` and waits for its reply (nothing, for a cast).
    func call(_ target: Pid, _ method: RemoteCallTarget, _ invocation: CallEncoder, oneWay: Bool)
        async throws -> Payload?
    {
        let timeout = CallOptions.current.timeout
        let id = state.withLock { s -> UInt64 in
            s.nextCallID += 1
            return s.nextCallID
        }
        let request = CallRequest(
            id: id, target: target, method: method.identifier,
            genericSubstitutions: invocation.genericSubstitutions,
            arguments: invocation.arguments, oneWay: oneWay)
        if oneWay {
            host.send(.call(request), from: self, to: target.node)  // lost, and traced so, if unconnected
            return nil
        }
        return try await withCheckedThrowingContinuation { continuation in
            let admitted = state.withLock { s -> Bool in
                guard s.alive, target.node == name || s.peers.contains(target.node) else { return false }
                var pending = PendingCall(continuation: continuation, target: target)
                if let timeout {
                    pending.timer = host.schedule(after: timeout) { [weak self] in
                        self?.callTimedOut(id, after: timeout)
                    }
                }
                s.pending[id] = pending
                return true
            }
            guard admitted else {
                continuation.resume(throwing: CallError.noconnection(target.node))
                return
            }
            host.send(.call(request), from: self, to: target.node)
        }
    }

    /// Runs a call that arrived from `caller`.
    func serve(_ request: CallRequest, from caller: NodeName) async {
        let handler = CallResultHandler(node: self, request: request, caller: caller)
        guard let actor = localActor(request.target) else {
            handler.reply(.failure(ErrorBox(error: errorPayload(CallError.noproc(request.target)))))
            return
        }
        // The runtime would run any function on any actor: check that this one is the actor's.
        if let refusal = CallTargets.refusal(request.method, on: actor, pid: request.target) {
            handler.reply(.failure(ErrorBox(error: errorPayload(refusal))))
            return
        }
        var decoder = CallDecoder(node: self, request: request)
        do {
            try await executeDistributedTarget(
                on: actor, target: RemoteCallTarget(request.method),
                invocationDecoder: &decoder, handler: handler)
        } catch {
            // Thrown before the function ran: unknown function, undecodable arguments.
            let why = (error as? CallError) ?? .badRequest("\(error)")
            handler.reply(.failure(ErrorBox(error: errorPayload(why))))
        }
    }

    /// A reply arrived from `peer`: wake the caller.
    ///
    /// Only the node the call went to can answer it: a reply with an unknown id, or from another
    /// node, is dropped, so a confused or hostile peer cannot complete someone else's call.
    func completeCall(_ id: UInt64, _ result: Result<Payload?, ErrorBox>, from peer: NodeName) {
        let pending = state.withLock { s -> PendingCall? in
            guard let pending = s.pending[id], pending.target.node == peer else { return nil }
            return s.pending.removeValue(forKey: id)
        }
        guard let pending else {
            return  // Timed out or failed already: a late reply is dropped, as Erlang drops it.
        }
        if let timer = pending.timer { host.cancelTimer(timer) }
        switch result {
        case .success(let payload): pending.continuation.resume(returning: payload)
        case .failure(let box): pending.continuation.resume(throwing: rebuildError(box.error))
        }
    }

    func callTimedOut(_ id: UInt64, after timeout: Duration) {
        guard let pending = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        host.note(name, "call #\(id) to \(pending.target) timed out")
        pending.continuation.resume(throwing: CallError.timeout(pending.target, timeout))
    }

    /// Packs an error for the trip back to the caller, keeping its type if it is `Codable`.
    /// The type is registered in ``WireTypes``: what this build sends, it can also read back.
    package func errorPayload(_ error: any Error) -> ErrorPayload {
        var packed = ErrorPayload(typeName: nil, payload: nil, description: "\(error)")
        if let encodable = error as? any Encodable, error is any DecodableError,
            let typeName = WireTypes.name(of: type(of: error))
        {
            WireTypes.register(type(of: error))
            if let payload = try? host.codec.encode(encodable, for: self) {
                packed.typeName = typeName
                packed.payload = payload
            }
        }
        return packed
    }

    /// Unpacks an error from a reply: the original type if it is in ``WireTypes``' allow-list
    /// (a name from the wire never reaches the runtime's type look-up), else its description.
    func rebuildError(_ packed: ErrorPayload) -> any Error {
        if let typeName = packed.typeName, let payload = packed.payload,
            let type = WireTypes.type(named: typeName) as? any DecodableError.Type,
            let error = try? decodeError(type, payload)
        {
            return error
        }
        return CallError.remote(packed.description)
    }

    private func decodeError<E: DecodableError>(_ type: E.Type, _ payload: Payload) throws -> any Error {
        try host.codec.decode(E.self, from: payload, for: self)
    }
}

typealias DecodableError = Error & Decodable

extension Node {
    /// Sends a call without waiting for it: Erlang's `gen_server:cast` (or `!`).
    ///
    /// `body` makes one `Void` call on `actor`, for example `node.cast(p) { try await $0.note("hi") }`.
    /// It returns at once. A cast to a remote actor is one message, with no reply; it is dropped if
    /// the link is down, and the simulation may be told to lose some on purpose. A cast to a local
    /// actor runs in a new task of this node. Errors are ignored: nobody is listening.
    /// - Complexity: O(1) here: one task; for a remote actor, one message and no reply.
    public func cast<Act: DistributedActor>(
        _ actor: Act, _ body: @escaping @Sendable (Act) async throws -> Void
    ) where Act.ActorSystem == Node {
        let remote = __isRemoteActor(actor)
        spawn {
            var options = CallOptions.current
            options.oneWay = remote
            try? await CallOptions.$current.withValue(options) { try await body(actor) }
        }
    }

    /// The outcome of a ``multicall(_:_:as:timeout:_:)``: who replied, and who did not.
    public struct MulticallResult<Value: Sendable>: Sendable {
        /// One reply per node that answered, sorted by node.
        public var replies: [(node: NodeName, value: Value)]
        /// The nodes that did not answer, sorted: not connected, no such server, timed out, or the
        /// call threw (Erlang's `BadNodes`).
        public var badNodes: [NodeName]
        /// Why each bad node is bad.
        public var failures: [NodeName: String]
    }

    /// Calls the actor registered as `name` on every node in `nodes` at once and collects the
    /// replies: Erlang's `gen_server:multi_call(Nodes, Name, Request)`.
    ///
    /// All requests go out before any reply is awaited (each runs in a child task, and each child
    /// sends before it first suspends), so the cost is one round trip, not one per node.
    /// `timeout` defaults to none, like `multi_call`'s `infinity`: a node that never answers
    /// holds the result until its connection goes down.
    public func multicall<Act: DistributedActor, Value: Sendable>(
        _ nodes: [NodeName], _ name: String, as actorType: Act.Type, timeout: Duration? = nil,
        _ body: @escaping @Sendable (Act) async throws -> Value
    ) async -> MulticallResult<Value> where Act.ActorSystem == Node {
        var options = CallOptions.current
        options.timeout = timeout
        options.oneWay = false
        let outcomes = await CallOptions.$current.withValue(options) {
            await withTaskGroup(of: (NodeName, Result<Value, CallError>).self) { group in
                for node in nodes {
                    group.addTask {
                        do {
                            let server = try Act.resolve(id: Pid(named: name, on: node), using: self)
                            return (node, .success(try await body(server)))
                        } catch let error as CallError {
                            return (node, .failure(error))
                        } catch {
                            return (node, .failure(.remote("\(error)")))
                        }
                    }
                }
                var all: [(NodeName, Result<Value, CallError>)] = []
                for await outcome in group { all.append(outcome) }
                return all.sorted { $0.0 < $1.0 }
            }
        }
        var result = MulticallResult<Value>(replies: [], badNodes: [], failures: [:])
        for (node, outcome) in outcomes {
            switch outcome {
            case .success(let value): result.replies.append((node, value))
            case .failure(let error):
                result.badNodes.append(node)
                result.failures[node] = error.description
            }
        }
        return result
    }
}
