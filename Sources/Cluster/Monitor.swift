/// A monitor's reference: Erlang's `make_ref()` as returned by `erlang:monitor/2`.
///
/// Unique per node incarnation; prints as `#a.4`. The DOWN a monitor produces carries it, so a
/// process watching many pids can tell which watch fired.
public struct MonitorRef: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The node that holds the monitor.
    public let node: NodeName
    public let creation: UInt32
    public let serial: UInt64

    package init(node: NodeName, creation: UInt32, serial: UInt64) {
        self.node = node
        self.creation = creation
        self.serial = serial
    }

    public var description: String {
        creation == 1 ? "#\(node).\(serial)" : "#\(node).\(serial)@\(creation)"
    }

    /// By node, then creation, then serial. O(length of the node names).
    public static func < (lhs: MonitorRef, rhs: MonitorRef) -> Bool {
        (lhs.node, lhs.creation, lhs.serial) < (rhs.node, rhs.creation, rhs.serial)
    }
}

/// The notification a monitor delivers exactly once: Erlang's `{'DOWN', Ref, process, Pid, Reason}`.
public struct Down: Hashable, Sendable, CustomStringConvertible {
    public let ref: MonitorRef
    public let pid: Pid
    public let reason: ExitReason

    /// The DOWN of monitor `ref` on `pid`, for `reason`. O(1).
    public init(ref: MonitorRef, pid: Pid, reason: ExitReason) {
        self.ref = ref
        self.pid = pid
        self.reason = reason
    }

    public var description: String { "DOWN \(ref) \(pid) \(reason)" }
}
