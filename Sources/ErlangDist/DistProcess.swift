/// A process of a Swift node: a pid that Erlang can send to, link to and monitor, and a mailbox.
///
/// It is not a thread: a process is whatever code receives from its mailbox — the body given to
/// ``DistNode/spawn(name:trapExits:_:)``, or any task holding a process from
/// ``DistNode/makeProcess(name:)``. It ends when that body returns (reason `normal`) or throws,
/// when ``exit(_:)`` is called, or when an exit signal reaches it: then monitors fire `DOWN`,
/// links get `EXIT`, its name is freed, and its receives throw ``ProcessExit``.
///
/// Exit signals follow Erlang: a process that does not trap exits ends on any signal but
/// `normal`; one that traps them receives ``Mail/exit(from:reason:)`` instead — except for
/// `exit(Pid, kill)`, which nothing survives (the reason becomes `killed`).
public final class DistProcess: Sendable, Hashable {
    public let pid: ErlangPid
    public let node: DistNode
    let mailbox = DistProcessMailbox()
    /// System processes (net_kernel, rex, …) handle mail where it arrives instead of queueing it.
    let inlineHandler: (@Sendable (Mail) -> Void)?

    init(pid: ErlangPid, node: DistNode, inlineHandler: (@Sendable (Mail) -> Void)? = nil) {
        self.pid = pid
        self.node = node
        self.inlineHandler = inlineHandler
    }

    func deliver(_ mail: Mail) {
        if let inlineHandler { inlineHandler(mail) } else { mailbox.deliver(mail) }
    }

    /// Identity: a process equals only itself. O(1).
    public static func == (a: DistProcess, b: DistProcess) -> Bool { a === b }
    /// Hashes the identity. O(1).
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// Whether the process is still running.
    public var isAlive: Bool { node.isAlive(pid) }

    /// The next mail, waiting up to `timeout` (nil: for ever); nil on timeout.
    /// - Complexity: O(q) for the q mails queued (taking the oldest shifts the rest). With none
    ///   queued it waits for a delivery, cancellation (nil) or the process's end (throws), bounded
    ///   by `timeout` (nil: unbounded).
    public func receive(timeout: Duration? = nil) async throws -> Mail? {
        try await mailbox.receive(timeout: timeout) { _ in true }
    }

    /// Selective receive: the first mail `accepts` returns a value for, leaving the rest queued.
    /// - Complexity: O(q) for the q mails queued, `accepts` run on each until one is taken (and
    ///   once more on that one). Waiting, it runs `accepts` on each mail delivered, until a match,
    ///   cancellation (nil) or the process's end (throws), bounded by `timeout` (nil: unbounded).
    public func receive<T: Sendable>(timeout: Duration? = nil, _ accepts: @escaping @Sendable (Mail) -> T?) async throws
        -> T?
    {
        guard let mail = try await mailbox.receive(timeout: timeout, { accepts($0) != nil }) else { return nil }
        return accepts(mail)
    }

    /// The next plain message (skipping nothing: DOWN and EXIT mail stays queued).
    /// - Complexity: As `receive(timeout:_:)`: O(q) for the q mails queued, then a wait bounded by
    ///   `timeout` (nil: unbounded).
    public func receiveMessage(timeout: Duration? = nil) async throws -> Term? {
        try await receive(timeout: timeout) { mail in if case .message(let t) = mail { t } else { nil } }
    }

    /// How many mails wait in the mailbox.
    public var queuedCount: Int { mailbox.count }

    /// Sends `message` to `pid`, on this node or another (connecting first if need be).
    /// - Complexity: As `DistNode.send(_:to:)`: here O(w) for the w receives waiting on `pid`;
    ///   elsewhere O(n) to encode the n-byte SEND frame, written or queued without waiting.
    public func send(_ message: Term, to pid: ErlangPid) { node.send(message, to: pid) }

    /// Sends `message` to the process registered as `name` on `node` (default: this node).
    /// - Complexity: As `send(_:to:)`, after an O(1) name look-up here; to another node, one
    ///   REG_SEND frame.
    public func send(_ message: Term, toName name: String, on node: String? = nil) {
        self.node.send(message, toName: name, on: node ?? self.node.name, from: pid)
    }

    /// Monitors `pid`: a ``Mail/down(ref:object:reason:)`` with the returned reference arrives
    /// when it ends, at once with `noproc` if it does not exist, `noconnection` if its node is lost.
    /// - Complexity: O(1) expected here. For a remote `pid`, one MONITOR_P frame written or queued
    ///   (a dial started if need be); no answer is waited for.
    @discardableResult
    public func monitor(_ pid: ErlangPid) -> ErlangReference { node.monitor(.pid(pid), on: pid.node, by: self.pid) }

    /// Monitors whatever process is registered as `name` on `node`.
    /// - Complexity: As `monitor(_:)`: O(1) expected here, else one MONITOR_P frame, no wait.
    @discardableResult
    public func monitor(name: String, on node: String) -> ErlangReference {
        self.node.monitor(.name(name), on: node, by: pid)
    }

    /// Stops a monitor; a DOWN already queued for it stays queued. O(1) expected; for a remote
    /// target, one DEMONITOR_P frame written or queued, no answer waited for.
    public func demonitor(_ ref: ErlangReference) { node.demonitor(ref, by: pid) }

    /// Links this process to `pid`: when either ends, the other gets an exit signal.
    /// - Complexity: O(1) expected; for a remote `pid`, one LINK frame written or queued, no wait.
    ///   A local `pid` that is not alive sends this process a `noproc` exit signal at once, which
    ///   ends it (at the cost of ``exit(_:)``) unless it traps exits.
    public func link(_ pid: ErlangPid) { node.link(self.pid, pid) }

    /// Removes the link between this process and `pid`; no exit signal is sent. O(1) expected;
    /// for a remote `pid`, one UNLINK_ID frame written or queued, with no wait for its ack.
    public func unlink(_ pid: ErlangPid) { node.unlink(self.pid, pid) }

    /// Whether exit signals arrive as mail instead of ending the process.
    public var trapExits: Bool {
        get { node.trapsExits(pid) }
        set { node.setTrapExits(pid, newValue) }
    }

    /// Ends this process with `reason`.
    /// - Complexity: O(m + l + h) for the m monitors on it, its l links and the h monitors it
    ///   holds: a local watcher or linked process gets its DOWN or exit signal (a linked process
    ///   that does not trap exits ends too, at its own cost); each remote one, one frame
    ///   (MONITOR_P_EXIT, EXIT or DEMONITOR_P) written or queued. Its waiting receives then throw.
    public func exit(_ reason: Term = .atom("normal")) { node.exitProcess(pid, reason: reason) }

    /// Sends an exit signal with `reason` to `pid` (Erlang's `exit/2`).
    /// - Complexity: For a remote `pid`, O(n) to encode the n-byte EXIT2 frame, written or queued,
    ///   no wait. A local `pid` gets mail (as a send does), ignores it, or ends at the cost of its
    ///   `exit(_:)`.
    public func exit(_ pid: ErlangPid, reason: Term) { node.sendExit(to: pid, from: self.pid, reason: reason) }

    /// `gen_server:call`: sends `{'$gen_call', {Self, Ref}, Request}` to `pid` and waits for
    /// `{Ref, Reply}`. Throws ``DistNodeError/callFailed(_:)`` if the target ends first.
    /// - Complexity: A monitor, the request and a wait. For a remote `pid`: MONITOR_P and SEND
    ///   frames out (a dial first if not connected) and the reply in, one round trip; then
    ///   DEMONITOR_P out unless the target went down. Locally, O(n) to encode the request's n
    ///   bytes, and the selective receive: O(q) over the q mails queued, then one test per mail
    ///   delivered. The wait is bounded by `timeout` (then it throws `DistNodeError.timeout`).
    public func call(_ pid: ErlangPid, _ request: Term, timeout: Duration = .seconds(5)) async throws -> Term {
        try await node.call(from: self, target: .pid(pid), on: pid.node, request, timeout: timeout)
    }

    /// `gen_server:call({Name, Node}, Request)`.
    /// - Complexity: As `call(_:_:timeout:)`, with a REG_SEND frame for the request.
    public func call(name: String, on node: String, _ request: Term, timeout: Duration = .seconds(5)) async throws
        -> Term
    {
        try await self.node.call(from: self, target: .name(name), on: node, request, timeout: timeout)
    }
}
