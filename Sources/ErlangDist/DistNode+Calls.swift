/// `gen_server` calls, the request–reply shape every OTP server speaks.
///
/// A call is two plain messages and a monitor: the caller monitors the server, sends
/// `{'$gen_call', {CallerPid, Tag}, Request}`, and waits for `{Tag, Reply}` — or for the
/// monitor's DOWN, which means no reply will ever come. The server answers by sending
/// `{Tag, Reply}` to `CallerPid`, whatever `Tag` is (OTP 25 uses a reference, or the improper
/// list `[alias | Ref]`). ``GenServerCall`` reads a call so a Swift process can answer one from
/// an `erl` shell.
public struct GenServerCall: Sendable, Equatable {
    public var from: ErlangPid
    public var tag: Term
    public var request: Term

    /// Reads `{'$gen_call', {From, Tag}, Request}`; nil for anything else. O(1).
    public init?(_ message: Term) {
        guard case .tuple(let e) = message, e.count == 3, e[0] == .atom("$gen_call"),
            case .tuple(let f) = e[1], f.count == 2, case .pid(let from) = f[0]
        else { return nil }
        self.from = from
        self.tag = f[1]
        self.request = e[2]
    }

    /// The reply message, `{Tag, Reply}`. O(1).
    public func replyMessage(_ reply: Term) -> Term { .tuple([tag, reply]) }

    /// Sends `reply` to the caller from `node`.
    /// - Complexity: As `DistNode.send(_:to:)`: to a remote caller, O(n) to encode the n-byte SEND
    ///   frame, written or queued without waiting.
    public func reply(_ reply: Term, on node: DistNode) { node.send(replyMessage(reply), to: from) }
}

/// Reads `{'$gen_cast', Request}`.
func genCast(_ message: Term) -> Term? {
    guard case .tuple(let e) = message, e.count == 2, e[0] == .atom("$gen_cast") else { return nil }
    return e[1]
}

extension DistNode {
    func call(
        from process: DistProcess, target: MonitorTarget, on node: String, _ request: Term,
        timeout: Duration
    ) async throws -> Term {
        let ref = monitor(target, on: node, by: process.pid)
        let message = Term.tuple([.atom("$gen_call"), .tuple([.pid(process.pid), .reference(ref)]), request])
        switch target {
        case .pid(let pid): send(message, to: pid)
        case .name(let name): send(message, toName: name, on: node, from: process.pid)
        }
        enum Outcome: Sendable { case reply(Term), down(Term) }
        let outcome: Outcome? = try await process.receive(timeout: timeout) { (mail: Mail) -> Outcome? in
            switch mail {
            case .message(.tuple(let e)) where e.count == 2 && e[0] == .reference(ref): .reply(e[1])
            case .down(let r, _, let reason) where r == ref: .down(reason)
            default: nil
            }
        }
        switch outcome {
        case .reply(let reply):
            process.demonitor(ref)
            return reply
        case .down(let reason):
            throw DistNodeError.callFailed(reason)
        case nil:
            process.demonitor(ref)
            throw DistNodeError.timeout
        }
    }

    /// Erlang's `net_adm:ping`: true (`pong`) if `node` accepts a connection and its
    /// `net_kernel` confirms this node is authorised; false (`pang`) otherwise.
    /// - Complexity: A dial first unless connected (as `connect(to:timeout:)`, bounded by
    ///   `timeout`); then one call of `net_kernel`: MONITOR_P and REG_SEND out, the reply in (one
    ///   round trip, bounded by `timeout` again), DEMONITOR_P out. So at most about twice `timeout`.
    public func ping(_ node: String, timeout: Duration = .seconds(10)) async -> Bool {
        if node == name { return true }
        guard await connect(to: node, timeout: timeout), let process = try? makeProcess() else { return false }
        defer { process.exit() }
        let reply = try? await process.call(
            name: "net_kernel", on: node, .tuple([.atom("is_auth"), .atom(name)]), timeout: timeout)
        return reply == .atom("yes")
    }
}
