import Distributed
import Synchronization

/// What a server process receives besides calls — `{'DOWN', …}` from its monitors, `{nodeup, …}`
/// from `net_kernel:monitor_nodes/1` — delivered here as isolated calls on a local actor.
///
/// A gen_server takes one message at a time from its mailbox. Here each DOWN or node event
/// becomes a new task of the node that calls into the actor: in effect a message queued behind
/// those already waiting, handled between two of the actor's calls, never in the middle of one.
/// The node holds the actor weakly, so neither a monitor nor a subscription keeps its server
/// alive, and both end with it.
extension Node {
    /// Monitors `pid` on behalf of `owner`, a local actor: its ``Down`` arrives as
    /// `handle(owner, down)`, an isolated call on `owner` (Erlang's
    /// `handle_info({'DOWN', Ref, process, Pid, Reason}, State)`).
    ///
    /// The monitor belongs to `owner`: when `owner` ends, the monitor goes, as an Erlang
    /// process's monitors go with it.
    /// - Complexity: as `monitor(_:owner:_:)`; its DOWN then costs one task, one call on `owner`.
    @discardableResult
    public func monitor<Owner: DistributedActor>(
        _ pid: Pid, by owner: Owner, _ handle: @escaping @Sendable (isolated Owner, Down) -> Void
    ) -> MonitorRef where Owner.ActorSystem == Node {
        monitor(pid, owner: owner.id) { [weak owner] down in
            guard let owner else { return }
            self.spawn { await owner.whenLocal { handle($0, down) } }
        }
    }

    /// Monitors `pid` on behalf of `owner`, a local actor, delivering its ``Down`` through
    /// `inbox`: DOWNs that arrive before the inbox's call on `owner` runs come in that same call,
    /// so a burst — a lost node reports every pid it held at once — is handled as one batch.
    ///
    /// The monitor belongs to `owner`, as with ``monitor(_:by:_:)``.
    /// - Complexity: as `monitor(_:owner:_:)`; DOWNs that arrive together then cost one task,
    ///   one call on `owner`.
    @discardableResult
    public func monitor<Owner: DistributedActor>(
        _ pid: Pid, by owner: Owner, into inbox: DownInbox<Owner>
    ) -> MonitorRef where Owner.ActorSystem == Node {
        monitor(pid, owner: owner.id) { [weak owner] down in
            guard let owner, inbox.add(down) else { return }
            self.spawn {
                let downs = inbox.drain()
                await owner.whenLocal { inbox.handle($0, downs) }
            }
        }
    }

    /// `net_kernel:monitor_nodes(true)` for `server`, a local actor: each connection change
    /// arrives as an isolated call on it — `nodeUp(server, peer)`, and `nodeDown(server, peer)`
    /// if given — in order, one at a time.
    ///
    /// As with ``nodeEvents()``, the first calls are a `nodeUp` for every peer connected now. The
    /// subscription ends when `server` does: when it is released, exits, or is replaced under its
    /// name by a new instance (see ``isCurrent(_:)``) — an old server must not act for the new one.
    /// - Complexity: as ``nodeEvents()``, O(p log p) for the p peers connected now, plus one task
    ///   that forwards the events; each event then costs one call on `server`.
    public func monitorNodes<Server: DistributedActor>(
        for server: Server,
        nodeUp: @escaping @Sendable (isolated Server, NodeName) -> Void,
        nodeDown: (@Sendable (isolated Server, NodeName) -> Void)? = nil
    ) where Server.ActorSystem == Node {
        let events = nodeEvents()
        spawn { [weak server] in
            for await event in events {
                guard let server, self.isCurrent(server) else { return }
                switch event {
                case .nodeUp(let peer): await server.whenLocal { nodeUp($0, peer) }
                case .nodeDown(let peer):
                    if let nodeDown { await server.whenLocal { nodeDown($0, peer) } }
                }
            }
        }
    }

    /// Whether `actor` is the live process of its pid on this node: it has not exited, and no
    /// new instance has taken its name since. O(1).
    public func isCurrent<Act: DistributedActor>(_ actor: Act) -> Bool where Act.ActorSystem == Node {
        localActor(actor.id) === actor
    }

    /// A call into `name`, a process of this node, run in its isolation: `gen_server:call(Name,
    /// Request)` for requests that only callers on the same node make, so they need no wire
    /// format. `body` runs as one step of the process, between its other calls.
    /// - Throws: ``CallError/noproc(_:)`` if no live `Act` holds `name` here; whatever `body` throws.
    /// - Complexity: O(1) plus `body`; no message.
    public func callLocal<Act: DistributedActor, Result: Sendable>(
        _ name: String, as actorType: Act.Type = Act.self,
        _ body: @escaping @Sendable (isolated Act) throws -> Result
    ) async throws -> Result where Act.ActorSystem == Node {
        let pid = Pid(named: name, on: self.name)
        guard let process = localActor(pid) as? Act else { throw CallError.noproc(pid) }
        guard let result = try await process.whenLocal({ try body($0) }) else { throw CallError.noproc(pid) }
        return result
    }

    /// Runs `body` as a short-lived process of this node — Erlang's caller, which is always a
    /// process — and ends the process (reason `normal`) when `body` returns or throws, so that
    /// whoever monitors it learns it is gone. `body` receives the process's pid.
    /// - Complexity: O(1) to spawn the process, plus `body`; its end then costs a DOWN for each
    ///   monitor on it (a `down` message to each remote watcher).
    public func withProcess<Result>(_ body: (Pid) async throws -> Result) async rethrows -> Result {
        let process = spawnProcess()
        defer { withExtendedLifetime(process) {} }
        return try await body(process.id)
    }
}

/// Where a local actor's monitors put its DOWNs, for ``Node/monitor(_:by:into:)``: DOWNs that
/// arrive together are handed to the actor together, in arrival order, in one isolated call.
public final class DownInbox<Owner: DistributedActor>: Sendable where Owner.ActorSystem == Node {
    private let pending = Mutex<[Down]>([])
    let handle: @Sendable (isolated Owner, [Down]) -> Void

    /// An inbox whose DOWNs go to `handle`, called on the owner as one step of it. O(1).
    public init(_ handle: @escaping @Sendable (isolated Owner, [Down]) -> Void) { self.handle = handle }

    /// Adds `down`; true if it is the first of a new batch (the caller then schedules one call).
    func add(_ down: Down) -> Bool {
        pending.withLock { pending in
            pending.append(down)
            return pending.count == 1
        }
    }

    /// Every DOWN added since the last drain, in arrival order.
    func drain() -> [Down] {
        pending.withLock { pending in
            defer { pending = [] }; return pending
        }
    }
}
