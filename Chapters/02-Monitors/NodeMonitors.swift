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
    /// a dead process's monitors.
    public init(node: Node, owner: Pid? = nil, onDown: @escaping @Sendable (Down) -> Void) {
        self.node = node
        start = { node.monitor($0, owner: owner, onDown) }
    }

    /// Monitors that belong to `owner`, a local actor, and deliver their DOWNs to it through
    /// `inbox`: as one isolated call on `owner` for all the DOWNs that arrived together.
    public init<Owner: DistributedActor>(for owner: Owner, into inbox: DownInbox<Owner>)
    where Owner.ActorSystem == Node {
        node = owner.actorSystem
        start = { [node] in node.monitor($0, by: owner, into: inbox) }
    }

    /// Monitors that belong to `owner`, a local actor, and deliver each DOWN to it as an isolated
    /// call of `handle`, one DOWN per call.
    public init<Owner: DistributedActor>(for owner: Owner, _ handle: @escaping @Sendable (isolated Owner, Down) -> Void)
    where Owner.ActorSystem == Node {
        node = owner.actorSystem
        start = { [node] in node.monitor($0, by: owner, handle) }
    }

    public func monitor(_ pid: Pid) -> MonitorRef { start(pid) }

    public func demonitor(_ ref: MonitorRef) { node.demonitor(ref) }
}
