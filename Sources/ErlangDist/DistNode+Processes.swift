/// A local process as the node keeps it: its links and the monitors on it and by it.
struct ProcessEntry {
    let process: DistProcess
    var name: String?
    var trapExits = false
    var links: Set<ErlangPid> = []
    /// Monitors on this process, by reference: who watches, and how it named this process.
    var watchers: [ErlangReference: Watcher] = [:]
    /// Monitors this process holds, by reference.
    var watching: [ErlangReference: Watched] = [:]
}

struct Watcher {
    var pid: ErlangPid
    var target: MonitorTarget
}

struct Watched {
    var node: String
    var target: MonitorTarget
    /// For a monitor of a local process: the pid it resolved to.
    var resolved: ErlangPid?

    /// The DOWN message's object: the pid, or `{Name, Node}`.
    var object: Term {
        switch target {
        case .pid(let p): .pid(p)
        case .name(let n): .tuple([.atom(n), .atom(node)])
        }
    }
}

extension DistNode {
    /// Starts a process running `body`; it ends when `body` returns (`normal`) or throws (the
    /// ``ProcessExit`` reason, or `{swift_error, Description}`). Throws if `name` is taken.
    /// O(1) expected: a pid, a table entry and a detached task, on which `body` runs.
    @discardableResult
    public func spawn(
        name: String? = nil, trapExits: Bool = false,
        _ body: @escaping @Sendable (DistProcess) async throws -> Void
    ) throws -> DistProcess {
        let process = try newProcess(name: name, trapExits: trapExits)
        Task.detached {
            do {
                try await body(process)
                process.exit()
            } catch let exit as ProcessExit {
                process.exit(exit.reason)
            } catch {
                process.exit(.tuple([.atom("swift_error"), .binary(Array("\(error)".utf8))]))
            }
        }
        return process
    }

    /// A process for the caller to drive: it lives until ``DistProcess/exit(_:)`` or a signal.
    /// O(1) expected.
    public func makeProcess(name: String? = nil) throws -> DistProcess { try newProcess(name: name) }

    func newProcess(name: String?, trapExits: Bool = false, inline: (@Sendable (Mail) -> Void)? = nil) throws
        -> DistProcess
    {
        try state.withLock { s throws(DistNodeError) -> DistProcess in
            guard !s.stopped else { throw .stopped }
            if let name, s.names[name] != nil { throw .nameTaken(name) }
            let pid = s.nextFreePid(node: self.name, creation: creation)
            let process = DistProcess(pid: pid, node: self, inlineHandler: inline)
            s.processes[pid] = ProcessEntry(process: process, name: name, trapExits: trapExits)
            if let name { s.names[name] = pid }
            return process
        }
    }

    /// Registers `pid` (a live local process) as `name`. O(1) expected.
    public func register(_ name: String, _ pid: ErlangPid) throws {
        try state.withLock { s throws(DistNodeError) in
            guard s.processes[pid] != nil else { throw .notAProcess(pid) }
            guard s.names[name] == nil, s.processes[pid]!.name == nil else { throw .nameTaken(name) }
            s.names[name] = pid
            s.processes[pid]!.name = name
        }
    }

    /// Frees `name`, if it is registered here; its process lives on. O(1) expected.
    public func unregister(_ name: String) {
        state.withLock { s in
            if let pid = s.names.removeValue(forKey: name) { s.processes[pid]?.name = nil }
        }
    }

    /// The pid registered as `name` here. O(1) expected.
    public func whereis(_ name: String) -> ErlangPid? { state.withLock { $0.names[name] } }

    /// Whether `pid` is a live process of this node. O(1) expected.
    public func isAlive(_ pid: ErlangPid) -> Bool { state.withLock { $0.processes[pid] != nil } }

    /// The live processes of this node.
    public var processes: [ErlangPid] { state.withLock { Array($0.processes.keys) } }

    func trapsExits(_ pid: ErlangPid) -> Bool { state.withLock { $0.processes[pid]?.trapExits ?? false } }
    func setTrapExits(_ pid: ErlangPid, _ on: Bool) { state.withLock { $0.processes[pid]?.trapExits = on } }

    /// Sends `message` to `pid`: delivered here, or a SEND frame to its node.
    /// - Complexity: Here, O(w) for the w receives waiting on `pid` (usually at most one), each
    ///   testing its pattern. Elsewhere, O(n) to encode the n-byte frame, then one frame written
    ///   without blocking or queued (a dial started if the node is not connected); nothing waits.
    public func send(_ message: Term, to pid: ErlangPid) {
        if isLocal(pid) {
            if !deliver(.message(message), to: pid) {
                log("a message to \(Term.pid(pid).brief), which is not alive here: dropped")
            }
        } else if let frame = encode(Frame(control: .send(to: pid), message: message)) {
            route(frame, to: pid.node)
        }
    }

    /// Sends `message` to the process registered as `name` on `node`.
    /// - Complexity: As `send(_:to:)`, after an O(1) name look-up here; to another node, one
    ///   REG_SEND frame.
    public func send(_ message: Term, toName name: String, on node: String, from: ErlangPid? = nil) {
        if node == self.name {
            guard let pid = whereis(name) else { log("a message to the unregistered name \(name): dropped"); return }
            deliver(.message(message), to: pid)
        } else if let frame = encode(Frame(control: .regSend(from: from ?? systemPid, to: name), message: message)) {
            route(frame, to: node)
        }
    }

    /// Hands `mail` to a local process; false if there is no such process.
    @discardableResult
    func deliver(_ mail: Mail, to pid: ErlangPid) -> Bool {
        guard let process = state.withLock({ $0.processes[pid]?.process }) else { return false }
        process.deliver(mail)
        return true
    }

    /// The frame's bytes, or nil (with a log line) if a term in it cannot be encoded.
    func encode(_ frame: Frame) -> [UInt8]? {
        do {
            return try frame.encoded()
        } catch {
            log("cannot encode \(frame.control.term.brief): \(error); not sent")
            return nil
        }
    }

    /// Ends a local process: DOWN to its monitors, EXIT to its links, its name and monitors freed.
    func exitProcess(_ pid: ErlangPid, reason: Term) {
        var effects = Effects()
        let entry = state.withLock { s -> ProcessEntry? in
            guard let entry = s.processes.removeValue(forKey: pid) else { return nil }
            if let name = entry.name { s.names[name] = nil }
            for (ref, w) in entry.watchers {
                if isLocal(w.pid) {
                    guard let watched = s.processes[w.pid]?.watching.removeValue(forKey: ref) else { continue }
                    let mail = Mail.down(ref: ref, object: watched.object, reason: reason)
                    effects.add { self.deliver(mail, to: w.pid) }
                } else if let frame = encode(
                    Frame(control: .monitorExit(target: w.target, to: w.pid, ref: ref, reason: reason)))
                {
                    effects.add { self.route(frame, to: w.pid.node) }
                }
            }
            for other in entry.links {
                if isLocal(other) {
                    s.processes[other]?.links.remove(pid)
                    effects.add { self.signalExit(to: other, from: pid, reason: reason, viaLink: true) }
                } else if let frame = encode(Frame(control: .exit(from: pid, to: other, reason: reason))) {
                    effects.add { self.route(frame, to: other.node) }
                }
            }
            for (ref, w) in entry.watching {
                if let target = w.resolved {
                    s.processes[target]?.watchers[ref] = nil
                } else if let frame = encode(Frame(control: .demonitor(from: pid, target: w.target, ref: ref))) {
                    effects.add { self.route(frame, to: w.node) }
                }
            }
            return entry
        }
        effects.run()
        entry?.process.mailbox.close(reason)
    }

    /// Erlang's `exit(Pid, Reason)` from `from`.
    func sendExit(to pid: ErlangPid, from: ErlangPid, reason: Term) {
        if isLocal(pid) {
            signalExit(to: pid, from: from, reason: reason, viaLink: false)
        } else if let frame = encode(Frame(control: .exit2(from: from, to: pid, reason: reason))) {
            route(frame, to: pid.node)
        }
    }

    /// An exit signal reaches local `pid`: ends it, becomes mail, or is ignored, as Erlang decides.
    func signalExit(to pid: ErlangPid, from: ErlangPid, reason: Term, viaLink: Bool) {
        guard let (process, traps) = state.withLock({ s in s.processes[pid].map { ($0.process, $0.trapExits) } }) else {
            return
        }
        if !viaLink, reason == .atom("kill") {
            exitProcess(pid, reason: .atom("killed"))
        } else if traps {
            process.deliver(.exit(from: from, reason: reason))
        } else if reason != .atom("normal") || from == pid {
            exitProcess(pid, reason: reason)
        }
    }

    /// The peer is gone (or was never reached): monitors of its processes fire `noconnection`,
    /// links to them deliver `noconnection` exit signals, and its monitors and links here go.
    func nodeLost(_ node: String, _ s: inout DistNodeState) -> Effects {
        var effects = Effects()
        let reason = Term.atom("noconnection")
        for pid in Array(s.processes.keys) {
            guard var entry = s.processes[pid] else { continue }
            for (ref, w) in entry.watching where w.node == node {
                entry.watching[ref] = nil
                let mail = Mail.down(ref: ref, object: w.object, reason: reason)
                effects.add { self.deliver(mail, to: pid) }
            }
            for other in entry.links where other.node == node {
                entry.links.remove(other)
                effects.add { self.signalExit(to: pid, from: other, reason: reason, viaLink: true) }
            }
            entry.watchers = entry.watchers.filter { $0.value.pid.node != node }
            s.processes[pid] = entry
        }
        return effects
    }
}
