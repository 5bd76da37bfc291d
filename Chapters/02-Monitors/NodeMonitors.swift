import Cluster
import Distributed
import LocalTable

/// A ``MonitorService`` backed by a real node: monitors are the node's monitors, and each DOWN
/// goes where the monitors were told to send it.
///
/// The pg2 server (chapter 3) uses ``init(for:into:)``: its monitors belong to it, and their DOWNs
/// arrive as calls on it, handled between two of its calls, as a `'DOWN'` message in a
/// gen_server's mailbox would be. A test without a server uses ``init(node:owner:onDown:)`` and
/// receives each DOWN in a callback.
public struct NodeMonitors: MonitorService {
    public let node: Node
    private let start: (Pid) -> MonitorRef

    /// Monitors that call `onDown` with each DOWN, on the node's executor. `owner`, if given, is
    /// the process the monitors belong to: when it ends, the node removes them, as Erlang removes
    /// a dead process's monitors. O(1): it only keeps the closure.
    public init(node: Node, owner: Pid? = nil, onDown: @escaping @Sendable (Down) -> Void) {
        self.node = node
        start = { node.monitor($0, owner: owner, onDown) }
    }

    /// Monitors that belong to `owner`, a local actor, and deliver their DOWNs to it through
    /// `inbox`: as one isolated call on `owner` for all the DOWNs that arrived together. O(1).
    public init<Owner: DistributedActor>(for owner: Owner, into inbox: DownInbox<Owner>)
    where Owner.ActorSystem == Node {
        node = owner.actorSystem
        start = { [node] in node.monitor($0, by: owner, into: inbox) }
    }

    /// Monitors that belong to `owner`, a local actor, and deliver each DOWN to it as an isolated
    /// call of `handle`, one DOWN per call. O(1).
    public init<Owner: DistributedActor>(for owner: Owner, _ handle: @escaping @Sendable (isolated Owner, Down) -> Void)
    where Owner.ActorSystem == Node {
        node = owner.actorSystem
        start = { [node] in node.monitor($0, by: owner, handle) }
    }

    /// Starts a monitor on `pid` through the node.
    /// - Complexity: O(1) amortised on this node; for a pid of another node, one `monitor`
    ///   message to it. A pid already dead, or on a node not connected, costs no message: its
    ///   DOWN is scheduled here at once.
    public func monitor(_ pid: Pid) -> MonitorRef { start(pid) }

    /// Stops the monitor `ref` through the node.
    /// - Complexity: O(1), plus O(w) for a local pid with w monitors on it (its watcher list is
    ///   scanned); for a pid of another node still connected, one `demonitor` message to it.
    public func demonitor(_ ref: MonitorRef) { node.demonitor(ref) }
}
