import Cluster
import Distributed

/// One node's lock server: the part of `global_name_server` that keeps locks.
///
/// Every node runs one, registered as ``name``. It keeps, per resource, the requester that holds
/// it and the processes that set it on the requester's behalf. Its two calls:
/// - ``setLock(_:holder:)`` — grant if the resource is free or held by the same requester, and
///   start monitoring the holder process; refuse otherwise. Never waits.
/// - ``deleteLock(_:holder:)`` — the holder lets go; the resource is free when no holder is left.
///
/// A lock must not outlive its holder: if the holder process dies, or its node goes away, the
/// monitor fires (`normal`, `killed`, `noconnection` …) and every lock it held on this server is
/// dropped. That is what keeps a crashed writer from locking a group for ever.
public distributed actor LockServer: NamedServer {
    public typealias ActorSystem = Node

    /// The name every node's lock server is registered under (Erlang's `global_name_server`).
    public static let name = "global_name_server"

    private struct Lock {
        var requester: Pid
        var holders: [Pid]
    }

    private var locks: [String: Lock] = [:]
    private var holderMonitors: [Pid: MonitorRef] = [:]

    /// Use ``Cluster/NamedServer/ensureStarted(on:)``: the node's lock server, started and
    /// registered if needed. O(1).
    public init(actorSystem: Node) {
        self.actorSystem = actorSystem
    }

    /// Grants `id` to `holder` if the resource is free or already held by `id.requester`.
    /// - Returns: whether the lock is now held (global's `true` / `false`).
    /// - Complexity: O(h) for the resource's h holders here (usually 1), plus a monitor on
    ///   `holder` the first time it holds a lock here (one `monitor` message if it is remote). A
    ///   caller on another node adds a message each way.
    public distributed func setLock(_ id: LockID, holder: Pid) -> Bool {
        if let lock = locks[id.resource], lock.requester != id.requester { return false }
        var lock = locks[id.resource] ?? Lock(requester: id.requester, holders: [])
        if !lock.holders.contains(holder) { lock.holders.append(holder) }
        locks[id.resource] = lock
        watch(holder)
        return true
    }

    /// Whether ``setLock(_:holder:)`` would grant `id` now — a probe that changes nothing
    /// (global's `can_set_lock`). O(1) (the resource's name is hashed); a caller on another node
    /// adds a message each way.
    public distributed func canSetLock(_ id: LockID) -> Bool {
        locks[id.resource].map { $0.requester == id.requester } ?? true
    }

    /// `holder` releases `id`. Releasing a lock one does not hold changes nothing.
    /// - Complexity: O(H) for the H holder entries of every lock here (to see whether `holder`
    ///   still holds any); when it holds none, its monitor goes (one `demonitor` message if it is
    ///   remote). A caller on another node adds a message each way.
    public distributed func deleteLock(_ id: LockID, holder: Pid) {
        guard var lock = locks[id.resource], lock.requester == id.requester else { return }
        lock.holders.removeAll { $0 == holder }
        locks[id.resource] = lock.holders.isEmpty ? nil : lock
        unwatchIfIdle(holder)
    }

    /// Who holds `resource` here, if anyone (for tests and traces). O(1); a caller on another
    /// node adds a message each way.
    public distributed func requester(of resource: String) -> Pid? { locks[resource]?.requester }

    /// Every locked resource here, sorted. O(r log r) for r locked resources; a caller on another
    /// node adds a message each way.
    public distributed func lockedResources() -> [String] { locks.keys.sorted() }

    // MARK: Holder death

    /// Monitors `holder` once, however many locks it holds here. The monitor is the server's: its
    /// DOWN comes back as a call to ``holderDied(_:)``, and it goes if the server ends.
    private func watch(_ holder: Pid) {
        guard holderMonitors[holder] == nil else { return }
        holderMonitors[holder] = actorSystem.monitor(holder, by: self) { server, down in server.holderDied(down.pid) }
    }

    private func unwatchIfIdle(_ holder: Pid) {
        guard !locks.values.contains(where: { $0.holders.contains(holder) }),
            let ref = holderMonitors.removeValue(forKey: holder)
        else { return }
        actorSystem.demonitor(ref)
    }

    /// `{'DOWN', _, process, Holder, _}`: the holder died or became unreachable; drop every lock it
    /// held here.
    func holderDied(_ holder: Pid) {
        holderMonitors[holder] = nil
        for resource in locks.keys.sorted() {
            locks[resource]!.holders.removeAll { $0 == holder }
            if locks[resource]!.holders.isEmpty { locks[resource] = nil }
        }
    }
}
