import Cluster

/// The lock half of Erlang's `global` module, as pg2 uses it: `set_lock`, `del_lock`, `trans`.
///
/// ```swift
/// let global = Global(node: a)
/// try await global.trans("pg2:chat") {
///     // runs while no other requester holds "pg2:chat" on any node a can see
/// }
/// ```
///
/// **One attempt** asks the lock server of every target node at once (one multicall). If every
/// node that answered granted, the lock is held. If any refused, the attempt releases what it got
/// (a second multicall) and fails — all or nothing, so two contenders never each hold part of the
/// cluster. Nodes that do not answer (disconnected, no lock server) are left out.
///
/// **Retries** follow global's randomized backoff: after the n-th failed attempt, sleep a random
/// time uniform in 1…Tmax ms, Tmax = 250, 500, 1000, 2000, 4000, then 8000 for every later
/// attempt. The randomness breaks the symmetry between contenders that failed together; the
/// doubling gives way under heavy contention. By default it retries for ever.
public struct Global: Sendable {
    /// The node the caller runs on.
    public let node: Node

    /// The lock API on `node`. O(1).
    public init(node: Node) { self.node = node }

    /// This node and every node it is connected to, sorted: global's default `[node() | nodes()]`.
    public var allNodes: [NodeName] { ([node.name] + node.connectedNodes).sorted() }

    /// Global's backoff ceiling for the `attempt`-th failure (1-based), in milliseconds. O(1).
    public static func backoffLimit(afterAttempt attempt: Int) -> Int {
        attempt > 5 ? 8000 : (1 << max(attempt, 1)) * 1000 / 8
    }

    /// One all-or-nothing attempt to set `id` on `nodes` for `holder`.
    ///
    /// If this node is one of several targets and its own lock server would refuse, the attempt
    /// stops there, before any message (global's `local_lock_check`, which reads the local lock
    /// table directly; here we ask the local lock server, a call without a message): the local
    /// refusal is already decisive.
    /// - Complexity: one round — a multicall to the t nodes, 2·(t−1) messages when this node is
    ///   one of them (2·t when not) — plus, if some node refused, a second round releasing the
    ///   nodes that granted. On each lock server, O(h) for the h holders of the resource there
    ///   (usually 1), and one monitor on `holder` the first time it holds a lock there.
    public func attempt(_ id: LockID, holder: Pid, on nodes: [NodeName]) async throws -> Bool {
        if nodes.count > 1, nodes.contains(node.name) {
            let local = try LockServer.ensureStarted(on: node)
            guard try await local.canSetLock(id) else { return false }
        }
        let result = await node.multicall(nodes, LockServer.name, as: LockServer.self) {
            try await $0.setLock(id, holder: holder)
        }
        let granted = result.replies.filter(\.value).map(\.node)
        guard granted.count < result.replies.count else { return true }
        await release(id, holder: holder, on: granted)
        return false
    }

    /// `set_lock`: attempts until `id` is held on `nodes`, sleeping global's random backoff between
    /// attempts. `retries` is how many *further* attempts to make after the first (nil: for ever).
    /// - Throws: ``LockError/aborted(_:)`` when the retries run out.
    /// - Complexity: one `attempt` per try — a single one when nobody contends — and a random
    ///   backoff sleep between tries; at most `retries + 1` tries, unbounded if nil.
    public func setLock(_ id: LockID, holder: Pid, on nodes: [NodeName], retries: Int? = nil) async throws {
        var random = node.random
        var attempt = 1
        while try await !self.attempt(id, holder: holder, on: nodes) {
            if let retries, attempt > retries { throw LockError.aborted(id) }
            let limit = Self.backoffLimit(afterAttempt: attempt)
            try await node.clock.sleep(for: .milliseconds(Int.random(in: 1...limit, using: &random)))
            attempt += 1
        }
    }

    /// `del_lock`: releases `id` for `holder` on `nodes`.
    /// - Complexity: one round — a multicall to the t nodes, 2·(t−1) messages when this node is
    ///   one of them. On each lock server, O(H) for the H holder entries of all its locks (it
    ///   checks whether `holder` still holds any); once `holder` holds none there, its monitor
    ///   goes (a `demonitor` message where `holder` is remote).
    public func release(_ id: LockID, holder: Pid, on nodes: [NodeName]) async {
        _ = await node.multicall(nodes, LockServer.name, as: LockServer.self) {
            try await $0.deleteLock(id, holder: holder)
        }
    }

    /// `trans`: runs `body` while holding `resource` on `nodes`, and always releases it after —
    /// also when `body` throws.
    ///
    /// The requester is `requester` if given; otherwise the transaction runs as a short-lived
    /// process of its own (as an Erlang caller is a process), whose pid the lock servers monitor.
    /// `nodes` defaults to this node and every connected node, read once at the start.
    ///
    /// A `trans` inside a `trans` with the same requester gets the lock at once (the requester
    /// already holds it) — and its release at the end frees the outer one too, since a lock is
    /// held per requester, not per call. global's `del_lock` behaves the same way.
    /// - Throws: ``LockError/aborted(_:)`` if `retries` run out; whatever `body` throws.
    /// - Complexity: `setLock` (one round for n target nodes when uncontended, 2·(n−1) messages),
    ///   then `body`, then one round to release (2·(n−1) messages again); plus a `monitor` and a
    ///   `demonitor` message from each other node's lock server on the requester, and a
    ///   short-lived process, O(1), when no `requester` is given.
    public func trans<T: Sendable>(
        _ resource: String, requester: Pid? = nil, on nodes: [NodeName]? = nil, retries: Int? = nil,
        _ body: () async throws -> T
    ) async throws -> T {
        guard let requester else {
            // The caller is not a process: run as one, which ends (its locks with it) after.
            return try await node.withProcess { process in
                try await trans(resource, requester: process, on: nodes, retries: retries, body)
            }
        }
        let id = LockID(resource: resource, requester: requester)
        let targets = nodes ?? allNodes
        _ = try LockServer.ensureStarted(on: node)
        try await setLock(id, holder: requester, on: targets, retries: retries)
        do {
            let result = try await body()
            await release(id, holder: requester, on: targets)
            return result
        } catch {
            await release(id, holder: requester, on: targets)
            throw error
        }
    }
}
