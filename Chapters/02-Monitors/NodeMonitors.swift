import Cluster
import LocalTable

/// A ``MonitorService`` backed by a real node: monitors are the node's monitors, and each DOWN
/// goes to `onDown`.
///
/// The pg2 server (chapter 3) passes an `onDown` that hands the DOWN back to itself, so that a
/// death is handled between two calls, as a `'DOWN'` message in a gen_server's mailbox would be.
///
/// `owner` is the process the monitors belong to (the server): when it ends, the node removes its
/// monitors, as Erlang removes a dead process's monitors.
public struct NodeMonitors: MonitorService {
    public let node: Node
    public let owner: Pid?
    public let onDown: @Sendable (Down) -> Void

    public init(node: Node, owner: Pid? = nil, onDown: @escaping @Sendable (Down) -> Void) {
        self.node = node
        self.owner = owner
        self.onDown = onDown
    }

    public func monitor(_ pid: Pid) -> MonitorRef { node.monitor(pid, owner: owner, onDown) }

    public func demonitor(_ ref: MonitorRef) { node.demonitor(ref) }
}
